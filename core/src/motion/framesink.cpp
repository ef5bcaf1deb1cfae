// SPDX-License-Identifier: GPL-3.0-or-later
// Choosing the writer; videos through OpenCV's FFmpeg and folders of PNG frames.
#include "motion/clipsinks.h"
#include "motion/clipsources.h"

#include "brushwork/atomicfile.h"
#include "brushwork/error.h"
#include "brushwork/image.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

namespace brushwork {
namespace {

namespace fs = std::filesystem;

std::string lowerExtension(const std::string& path)
{
    std::string extension = fs::path(path).extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(), [](unsigned char c) { return std::tolower(c); });
    return extension;
}

class VideoSink : public FrameSink {
public:
    VideoSink(const std::string& path, cv::Size size, double fps) : mTemporary(path, lowerExtension(path), false)
    {
        // The first codec this FFmpeg can encode, best first.
        const bool webm = lowerExtension(path) == ".webm";
        const std::vector<std::pair<const char*, const char*>> codecs =
            webm ? std::vector<std::pair<const char*, const char*>>{{"VP90", "VP9"}, {"VP80", "VP8"}}
                 : std::vector<std::pair<const char*, const char*>>{{"avc1", "H.264"}, {"mp4v", "MPEG-4 part 2"}};
        for (const auto& [fourcc, name] : codecs) {
            const int code = cv::VideoWriter::fourcc(fourcc[0], fourcc[1], fourcc[2], fourcc[3]);
            if (mWriter.open(mTemporary.path(), cv::CAP_FFMPEG, code, fps, size, true) && mWriter.isOpened()) {
                mCodec = name;
                break;
            }
        }
        if (!mWriter.isOpened())
            throw Error(ErrorKind::Io, path, "FFmpeg has no encoder for this kind of video here",
                        "Write a .gif, a .webp or a folder of frames instead");
        mSize = size;
    }

    void write(const cv::Mat& rgb) override
    {
        CV_Assert(rgb.size() == mSize);
        cv::Mat bgr;
        cv::cvtColor(toRgb8(rgb), bgr, cv::COLOR_RGB2BGR);
        mWriter.write(bgr);
    }

    void finish() override
    {
        mWriter.release();
        mTemporary.commit();
    }

private:
    TemporaryTarget mTemporary;
    cv::VideoWriter mWriter;
    cv::Size mSize;
};

class FolderSink : public FrameSink {
public:
    FolderSink(const std::string& path, cv::Size size) : mTemporary(path, {}, true), mSize(size)
    {
        mCodec = "PNG frames";
    }

    void write(const cv::Mat& rgb) override
    {
        CV_Assert(rgb.size() == mSize);
        saveImage((fs::path(mTemporary.path()) / numberedFrameName(++mWritten)).string(), rgb);
    }

    void finish() override { mTemporary.commit(); }

private:
    TemporaryTarget mTemporary;
    cv::Size mSize;
    int mWritten = 0;
};

} // namespace

namespace {

/// The mode a file made by this process gets: 0666 less the umask, read from
/// /proc (umask() itself would change it for a moment, under other threads).
fs::perms newFileMode()
{
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("Umask:", 0) == 0)
            return fs::perms(0666 & ~std::stoi(line.substr(6), nullptr, 8));
    return fs::perms(0644);
}

} // namespace

TemporaryTarget::TemporaryTarget(std::string target, const std::string& extension, bool folder)
    : mTarget(std::move(target)), mPath(temporaryNameBeside(mTarget) + extension), mFolder(folder)
{
    if (mFolder) {
        std::error_code error;
        if (!fs::create_directory(mPath, error))
            throw Error(ErrorKind::Io, mTarget, "could not make a folder beside it (" + error.message() + ")");
    }
}

TemporaryTarget::~TemporaryTarget()
{
    if (!mCommitted) {
        std::error_code ignored;
        fs::remove_all(mPath, ignored);
    }
}

void TemporaryTarget::commit()
{
    if (mFolder) {
        replaceFolder(mPath, mTarget, "the frames");
    } else {
        // giflib makes its file for the owner alone; a clip is shared like a picture.
        std::error_code ignored; // a mode it keeps is no reason to lose the clip
        fs::permissions(mPath, newFileMode(), ignored);
        std::error_code error;
        fs::rename(mPath, mTarget, error);
        if (error)
            throw Error(ErrorKind::Io, mTarget, "could not put the clip in place (" + error.message() + ")");
    }
    mCommitted = true;
}

cv::Mat toRgb8(const cv::Mat& rgb)
{
    cv::Mat rgb8;
    rgb.convertTo(rgb8, CV_8UC3, 255.0);
    return rgb8;
}

const std::vector<std::string>& clipOutputExtensions()
{
    static const std::vector<std::string> extensions = {".mp4", ".webm", ".mkv", ".gif", ".webp"};
    return extensions;
}

std::unique_ptr<FrameSink> openFrameSink(const std::string& path, cv::Size size, double fps, bool loop)
{
    if (size.width <= 0 || size.height <= 0 || !(fps > 0))
        throw Error(ErrorKind::Usage, path, "a clip needs a frame size and a frame rate above 0");
    const std::string extension = lowerExtension(path);
    if (extension.empty())
        return std::make_unique<FolderSink>(path, size);
    if (extension == ".mp4" || extension == ".webm" || extension == ".mkv")
        return std::make_unique<VideoSink>(path, size, fps);
    if (extension == ".gif")
        return openGifSink(path, size, fps, loop);
    if (extension == ".webp")
        return openWebpSink(path, size, fps, loop);
    throw Error(ErrorKind::Usage, path, "clips are written as .mp4, .webm, .mkv, .gif, .webp or a folder of frames",
                "Name the output with one of those extensions, or with none for a folder");
}

} // namespace brushwork
