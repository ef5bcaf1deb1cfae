// SPDX-License-Identifier: GPL-3.0-or-later
// Choosing the reader, the checks every reader makes, and the video reader.
#include "motion/clipsources.h"
#include "motion/streamprobe.h"

#include "brushwork/error.h"
#include "brushwork/image.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace brushwork {
namespace {

constexpr const char* kVideoHint = "Give an MP4, WebM, MKV, AVI or MOV video, an animated GIF or WebP, "
                                   "or a folder of numbered frames";

std::array<char, 32> firstBytes(const std::string& path)
{
    std::array<char, 32> bytes{};
    std::ifstream file(path, std::ios::binary);
    file.read(bytes.data(), bytes.size());
    return bytes;
}

bool isGif(const std::array<char, 32>& bytes)
{
    return std::memcmp(bytes.data(), "GIF87a", 6) == 0 || std::memcmp(bytes.data(), "GIF89a", 6) == 0;
}

bool isWebp(const std::array<char, 32>& bytes)
{
    return std::memcmp(bytes.data(), "RIFF", 4) == 0 && std::memcmp(bytes.data() + 8, "WEBP", 4) == 0;
}

/// A video through OpenCV's FFmpeg backend.
class VideoFileSource : public FirstFrameReadSource {
public:
    explicit VideoFileSource(const std::string& path) : mPath(path)
    {
        checkInputFile(path, kVideoInput);
        if (!mCapture.open(path, cv::CAP_FFMPEG) || !mCapture.isOpened())
            throw Error(ErrorKind::BadInput, path, "not a video FFmpeg can read: another format, or the file is "
                                                   "truncated or damaged", kVideoHint);
        mInfo.kind = "video";
        mInfo.width = int(std::min(mCapture.get(cv::CAP_PROP_FRAME_WIDTH), 1e9));
        mInfo.height = int(std::min(mCapture.get(cv::CAP_PROP_FRAME_HEIGHT), 1e9));
        // Not OpenCV's count: where the container states none, it is the
        // container's duration times the rate, and the sound may run on.
        const long long frames = declaredVideoFrames(path);
        checkClipHeader(path, mInfo.kind, mInfo.width, mInfo.height, frames);
        mInfo.frameCount = int(frames);
        const double fps = mCapture.get(cv::CAP_PROP_FPS);
        // An absurd rate is no rate: the caller asks for --fps.
        mInfo.fps = std::isfinite(fps) && fps >= 0.1 && fps <= 1000 ? fps : 0;
        // The first frame now: a file that opens but decodes nothing is refused
        // before any work starts.
        readFirstFrame(path);
    }

private:
    bool readFrame(cv::Mat& rgb) override
    {
        cv::Mat bgr;
        try {
            if (!mCapture.read(bgr) || bgr.empty()) {
                requireNotCutShort();
                return false;
            }
        } catch (const cv::Exception& error) {
            throw Error(ErrorKind::BadInput, mPath,
                        "frame " + std::to_string(mRead + 1) + " cannot be decoded (" + error.err + ")", kVideoHint);
        }
        if (bgr.cols != mInfo.width || bgr.rows != mInfo.height || bgr.type() != CV_8UC3)
            throw Error(ErrorKind::BadInput, mPath,
                        "frame " + std::to_string(mRead + 1) + " is " + std::to_string(bgr.cols) + " × " +
                            std::to_string(bgr.rows) + " pixels where the video declares " +
                            std::to_string(mInfo.width) + " × " + std::to_string(mInfo.height),
                        "Convert the video to one frame size first");
        ++mRead;
        cv::cvtColor(bgr, bgr, cv::COLOR_BGR2RGB);
        bgr.convertTo(rgb, CV_32FC3, 1.0 / 255.0);
        return true;
    }

    /// FFmpeg ends a cut file quietly; a clip that stops well short of the
    /// frames its header declares is damaged, not finished. (One with no
    /// frame at all is refused as such when it opens.)
    void requireNotCutShort() const
    {
        if (mRead > 0 && mInfo.frameCount > 0 && mRead < mInfo.frameCount - std::max(2, mInfo.frameCount / 20))
            throw Error(ErrorKind::BadInput, mPath,
                        "the video ends after " + std::to_string(mRead) + " of the " +
                            std::to_string(mInfo.frameCount) + " frames its header declares: it is truncated or damaged",
                        "Use a complete copy of the video, or --frames to paint the frames before the damage");
    }

    std::string mPath;
    cv::VideoCapture mCapture;
    int mRead = 0;
};

} // namespace

void checkClipHeader(const std::string& path, const std::string& kind, long long width, long long height,
                     long long frames)
{
    if (width <= 0 || height <= 0)
        throw Error(ErrorKind::BadInput, path, "the " + kind + " declares no frame size: it is damaged", kVideoHint);
    const double limit = double(std::min<std::uint64_t>(maxImagePixels(), kMaxClipFramePixels));
    if (double(width) * double(height) > limit)
        throw Error(ErrorKind::BadInput, path,
                    "the " + kind + " declares frames of " + std::to_string(width) + " × " + std::to_string(height) +
                        " pixels, more than the " + std::to_string(int(limit / 1e6)) + " megapixels a frame may have",
                    "Scale the clip down first");
    if (frames > kMaxClipFrames)
        throw Error(ErrorKind::BadInput, path,
                    "the " + kind + " declares " + std::to_string(frames) + " frames, more than the " +
                        std::to_string(kMaxClipFrames) + " a clip may have",
                    "Cut the clip into parts first");
}

void throwNoFrames(const std::string& path, const std::string& kind)
{
    throw Error(ErrorKind::BadInput, path, "the " + kind + " holds no frame that can be decoded", kVideoHint);
}

std::unique_ptr<FrameSource> openVideoFile(const std::string& path)
{
    return std::make_unique<VideoFileSource>(path);
}

std::unique_ptr<FrameSource> openFrameSource(const std::string& path)
{
    std::error_code error;
    if (std::filesystem::is_directory(path, error))
        return openFrameFolder(path);
    checkInputFile(path, kVideoInput);
    const std::array<char, 32> bytes = firstBytes(path);
    if (isGif(bytes))
        return openGif(path);
    if (isWebp(bytes))
        return openAnimatedWebp(path);
    return openVideoFile(path);
}

ClipFrame readClipFrame(const std::string& path, int frame)
{
    std::unique_ptr<FrameSource> source = openFrameSource(path);
    ClipFrame read;
    for (int number = 1; number <= frame; ++number)
        if (!source->next(read.image))
            throw Error(ErrorKind::BadInput, path,
                        "the " + source->info().kind + " has " + std::to_string(number - 1) + " frames, not frame " +
                            std::to_string(frame),
                        "Use the clip the frame was chosen in");
    read.info = source->info();
    return read;
}

bool isClipPath(const std::string& path)
{
    std::error_code error;
    if (std::filesystem::is_directory(path, error))
        return true;
    // Opening a FIFO to sniff it would wait for a writer: what is not a
    // plain file is not a clip, and the picture reader refuses it by name.
    if (!std::filesystem::is_regular_file(path, error))
        return false;
    const std::array<char, 32> bytes = firstBytes(path);
    if (isGif(bytes))
        return true;
    // VP8X's flags: 0x02 marks an animation.
    if (isWebp(bytes))
        return std::memcmp(bytes.data() + 12, "VP8X", 4) == 0 && (bytes[20] & 0x02) != 0;
    std::string extension = std::filesystem::path(path).extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(), [](unsigned char c) { return std::tolower(c); });
    const std::vector<std::string>& videos = clipVideoExtensions();
    return std::find(videos.begin(), videos.end(), extension) != videos.end();
}

const std::vector<std::string>& clipVideoExtensions()
{
    static const std::vector<std::string> extensions = {".mp4", ".webm", ".mkv", ".avi", ".mov", ".m4v"};
    return extensions;
}

} // namespace brushwork
