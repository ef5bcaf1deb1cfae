// SPDX-License-Identifier: GPL-3.0-or-later
// A folder of numbered pictures as a clip: frame_1.png, frame_2.png, ... or
// any names whose last number orders them.
#include "motion/clipsources.h"

#include "brushwork/error.h"
#include "brushwork/image.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace brushwork {
namespace {

namespace fs = std::filesystem;

/// The last run of digits in `name`, or -1.
long long lastNumber(const std::string& name)
{
    const std::size_t end = name.find_last_of("0123456789");
    if (end == std::string::npos)
        return -1;
    std::size_t begin = end;
    while (begin > 0 && std::isdigit((unsigned char)name[begin - 1]))
        --begin;
    if (end + 1 - begin > 12)
        return -1;
    return std::stoll(name.substr(begin, end + 1 - begin));
}

bool isPictureName(const fs::path& path)
{
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(), [](unsigned char c) { return std::tolower(c); });
    for (const char* picture : {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".bmp"})
        if (extension == picture)
            return true;
    return false;
}

class FrameFolderSource : public FrameSource {
public:
    explicit FrameFolderSource(const std::string& path) : mPath(path)
    {
        std::error_code error;
        std::vector<std::pair<long long, std::string>> numbered;
        for (fs::directory_iterator it(path, error), end; !error && it != end; it.increment(error)) {
            const fs::path name = it->path().filename();
            const long long number = lastNumber(name.stem().string());
            if (number >= 0 && isPictureName(name) && !name.string().empty() && name.string()[0] != '.') {
                numbered.emplace_back(number, it->path().string());
                if (numbered.size() > std::size_t(kMaxClipFrames))
                    checkClipHeader(path, "folder", 1, 1, (long long)numbered.size());
            }
        }
        if (error)
            throw Error(ErrorKind::BadInput, path, "the folder cannot be read: " + error.message());
        if (numbered.empty())
            throw Error(ErrorKind::BadInput, path, "the folder holds no numbered frames (.png, .jpg, .tif, .webp or .bmp)",
                        "Name the frames with their number, e.g. frame_0001.png");
        std::sort(numbered.begin(), numbered.end());
        for (auto& frame : numbered)
            mFrames.push_back(std::move(frame.second));
        const cv::Size size = pictureSize(mFrames.front());
        mInfo.kind = "folder";
        mInfo.width = size.width;
        mInfo.height = size.height;
        mInfo.frameCount = int(mFrames.size());
        checkClipHeader(path, mInfo.kind, size.width, size.height, mInfo.frameCount);
    }

    bool next(cv::Mat& rgb) override
    {
        if (mNext >= mFrames.size())
            return false;
        const std::string& frame = mFrames[mNext++];
        const cv::Size size = pictureSize(frame);
        if (size.width != mInfo.width || size.height != mInfo.height)
            throw Error(ErrorKind::BadInput, frame,
                        "the frame is " + std::to_string(size.width) + " × " + std::to_string(size.height) +
                            " pixels where the first frame of " + mPath + " is " + std::to_string(mInfo.width) +
                            " × " + std::to_string(mInfo.height),
                        "Give every frame the same size");
        rgb = loadImage(frame);
        return true;
    }

private:
    std::string mPath;
    std::vector<std::string> mFrames;
    std::size_t mNext = 0;
};

} // namespace

std::string numberedFrameName(int index)
{
    char name[32];
    std::snprintf(name, sizeof name, "frame_%06d.png", index);
    return name;
}

std::unique_ptr<FrameSource> openFrameFolder(const std::string& path)
{
    return std::make_unique<FrameFolderSource>(path);
}

} // namespace brushwork
