// SPDX-License-Identifier: GPL-3.0-or-later
// A clip's streams as FFmpeg's libavformat reads them: opening a file, its
// first stream of a kind, and the frames its video stream declares. The one
// place the readers and the sound copy open a file with libavformat.
#pragma once

extern "C" {
#include <libavformat/avformat.h>
}

#include <memory>
#include <string>

namespace brushwork {

struct MediaInputCloser {
    void operator()(AVFormatContext* context) const { avformat_close_input(&context); }
};
using MediaInput = std::unique_ptr<AVFormatContext, MediaInputCloser>;

enum class StreamProbe {
    Headers, ///< what the container's headers state, nothing estimated
    Packets, ///< and what the first packets tell of parameters the headers leave out
};

/// `path` opened, its streams known as `probe` says; empty when FFmpeg cannot read it.
MediaInput openMediaInput(const std::string& path, StreamProbe probe);

/// Whether `ratio` (a time base, a frame rate) is a ratio of positive numbers.
inline bool positiveRatio(AVRational ratio)
{
    return ratio.num > 0 && ratio.den > 0;
}

/// The first stream of `type` that is not a cover picture; -1 when there is none.
int firstStream(const AVFormatContext& context, AVMediaType type);

/// The frames the first video stream of `path` declares by itself: its frame
/// count where the container states one, else its own duration times its
/// frame rate where the headers state both; 0 when it declares none. Never
/// the container's duration, which spans the sound too. Up to 1e15.
long long declaredVideoFrames(const std::string& path);

} // namespace brushwork
