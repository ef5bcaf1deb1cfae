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

/// The name of frame `index` (from 1) in a folder of frames: frame_000001.png.
std::string numberedFrameName(int index);

std::unique_ptr<FrameSource> openVideoFile(const std::string& path);
std::unique_ptr<FrameSource> openGif(const std::string& path);
std::unique_ptr<FrameSource> openAnimatedWebp(const std::string& path);
std::unique_ptr<FrameSource> openFrameFolder(const std::string& path);

} // namespace brushwork
