// SPDX-License-Identifier: GPL-3.0-or-later
// Writing a clip one frame at a time, in the format its name asks for: .mp4
// or .mkv (H.264 where FFmpeg has an encoder for it), .webm (VP9), .gif (giflib),
// .webp (animated, libwebp) or a folder of PNG frames. Frames go to a
// temporary name beside the target; finish() renames it into place, so
// the target only ever holds a whole clip.
#pragma once

#include <opencv2/core.hpp>

#include <memory>
#include <string>
#include <vector>

namespace brushwork {

/// The extensions openFrameSink writes (lower case, with the dot); a path
/// without an extension is a folder of PNG frames.
const std::vector<std::string>& clipOutputExtensions();

class FrameSink {
public:
    virtual ~FrameSink() = default;
    /// Appends a CV_32FC3 RGB 0..1 frame of the size given to openFrameSink.
    /// Throws Error(Io) when the encoder or the disk refuses it.
    virtual void write(const cv::Mat& rgb) = 0;
    /// Puts the whole clip in place under its name (atomically). Without
    /// it, the destructor removes what was written.
    virtual void finish() = 0;
    /// The codec actually used, e.g. "H.264", "MPEG-4 part 2", "VP9", "GIF".
    const std::string& codec() const { return mCodec; }

protected:
    std::string mCodec;
};

/// A sink for `path` with frames of `size` at `fps` frames a second (GIF
/// and WebP loop forever unless `loop` is false, then play once; videos and
/// folders have no loop). Throws Error(Usage) for an unknown extension,
/// Error(Io) when no encoder can write it.
std::unique_ptr<FrameSink> openFrameSink(const std::string& path, cv::Size size, double fps, bool loop = true);

} // namespace brushwork
