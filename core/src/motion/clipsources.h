// SPDX-License-Identifier: GPL-3.0-or-later
// The readers behind openFrameSource, one per kind of clip, and the checks
// they share.
#pragma once

#include "brushwork/framesource.h"
#include "support/inputfile.h"

#include <memory>
#include <string>

namespace brushwork {

inline constexpr InputKind kVideoInput{"video", 64ull << 30};
/// Animated WebP files are read whole (libwebp's demuxer needs them in memory).
inline constexpr InputKind kAnimatedWebpInput{"animated WebP", 1ull << 30};
inline constexpr InputKind kGifInput{"GIF", 1ull << 30};

/// Throws Error(BadInput) naming `path` when a frame of width×height is
/// empty or larger than kMaxClipFramePixels (or maxImagePixels()), or `frames`
/// is over kMaxClipFrames.
void checkClipHeader(const std::string& path, const std::string& kind, long long width, long long height,
                     long long frames);

/// Throws Error(BadInput): the clip at `path` holds no frame.
[[noreturn]] void throwNoFrames(const std::string& path, const std::string& kind);

/// A clip whose first frame is read when it opens (its rate and whether it
/// has a frame at all are known only then) and handed out by the first next().
class FirstFrameReadSource : public FrameSource {
public:
    bool next(cv::Mat& rgb) final
    {
        if (!mFirst.empty()) {
            rgb = mFirst;
            mFirst.release();
            return true;
        }
        return readFrame(rgb);
    }

protected:
    /// The next frame as next() gives it; false after the last.
    virtual bool readFrame(cv::Mat& rgb) = 0;
    /// Reads the first frame, for next() to give; throws as throwNoFrames
    /// when there is none. Called once, at the end of the constructor.
    void readFirstFrame(const std::string& path)
    {
        if (!readFrame(mFirst))
            throwNoFrames(path, mInfo.kind);
    }

private:
    cv::Mat mFirst;
};

/// The name of frame `index` (from 1) in a folder of frames: frame_000001.png.
std::string numberedFrameName(int index);

std::unique_ptr<FrameSource> openVideoFile(const std::string& path);
std::unique_ptr<FrameSource> openGif(const std::string& path);
std::unique_ptr<FrameSource> openAnimatedWebp(const std::string& path);
std::unique_ptr<FrameSource> openFrameFolder(const std::string& path);

} // namespace brushwork
