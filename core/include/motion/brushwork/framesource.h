// SPDX-License-Identifier: GPL-3.0-or-later
// Reading the frames of a clip one at a time: a video file (through OpenCV's
// FFmpeg), an animated GIF (giflib), an animated WebP (libwebp's demuxer) or
// a folder of numbered pictures. Memory holds one frame, whatever the
// clip's length; every size and count a header declares is checked before
// anything is decoded.
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace brushwork {

/// The most frames a clip may have (over nine hours at 30 frames a
/// second): a header declaring more is refused as hostile.
inline constexpr int kMaxClipFrames = 1000000;

/// The most pixels a clip's frame may have (8192 × 8192, twice 8K video),
/// and no more than maxImagePixels(): a GIF or WebP screen declared larger
/// is a bomb, not a clip.
inline constexpr long long kMaxClipFramePixels = 8192ll * 8192ll;

struct ClipInfo {
    int width = 0;
    int height = 0;
    double fps = 0;         ///< frames a second (the average for variable rates)
    int frameCount = 0;     ///< as the header declares it; 0: not declared
    std::string kind;       ///< "video", "GIF", "WebP" or "folder", for messages
};

/// One frame after another. Thread contract: one thread at a time.
class FrameSource {
public:
    virtual ~FrameSource() = default;
    const ClipInfo& info() const { return mInfo; }
    /// The next frame as CV_32FC3 RGB 0..1 at info()'s size; false after the
    /// last. Throws Error(BadInput) naming the file and the frame when it
    /// cannot be decoded.
    virtual bool next(cv::Mat& rgb) = 0;

protected:
    ClipInfo mInfo;
};

/// Opens `path` by what it is (a folder, or a file by its first bytes: GIF,
/// RIFF/WEBP, else a video). Throws Error(BadInput) naming the file when it
/// is missing, not a clip, damaged, holds no frame, or declares a frame
/// larger than kMaxClipFramePixels or more than kMaxClipFrames frames.
std::unique_ptr<FrameSource> openFrameSource(const std::string& path);

/// One frame of a clip, with what the clip declares.
struct ClipFrame {
    ClipInfo info;
    cv::Mat image; ///< CV_32FC3 RGB 0..1
};

/// Frame `frame` (from 1) of the clip at `path`, read from its start (a clip
/// has no cheap way to a frame). Throws as openFrameSource, and
/// Error(BadInput) naming the clip when it has fewer frames.
ClipFrame readClipFrame(const std::string& path, int frame);

/// Whether `path` names something openFrameSource reads as a clip rather
/// than a still picture: a folder, a GIF, a WebP with an animation chunk,
/// or a file with a video extension.
bool isClipPath(const std::string& path);

/// The extensions (lower case, with the dot) of the video files isClipPath
/// takes by their name.
const std::vector<std::string>& clipVideoExtensions();

} // namespace brushwork
