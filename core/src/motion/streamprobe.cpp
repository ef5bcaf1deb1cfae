// SPDX-License-Identifier: GPL-3.0-or-later
#include "motion/streamprobe.h"

extern "C" {
#include <libavutil/parseutils.h>
}

#include <algorithm>
#include <cmath>

namespace brushwork {
namespace {

/// The video stream's own length in seconds as its headers state it; 0 when
/// they do not. Matroska keeps it in the track's DURATION tag.
double statedSeconds(const AVStream& stream)
{
    if (stream.duration != AV_NOPTS_VALUE && stream.duration > 0 && positiveRatio(stream.time_base))
        return double(stream.duration) * av_q2d(stream.time_base);
    const AVDictionaryEntry* tag = av_dict_get(stream.metadata, "DURATION", nullptr, 0);
    std::int64_t microseconds = 0;
    if (tag && av_parse_time(&microseconds, tag->value, 1) == 0 && microseconds > 0)
        return double(microseconds) / AV_TIME_BASE;
    return 0;
}

} // namespace

MediaInput openMediaInput(const std::string& path, StreamProbe probe)
{
    AVFormatContext* context = nullptr;
    if (avformat_open_input(&context, path.c_str(), nullptr, nullptr) < 0)
        return {};
    MediaInput input(context);
    // A damaged stream may leave some of its parameters unknown: whoever
    // needs them says why they cannot go on.
    if (probe == StreamProbe::Packets)
        avformat_find_stream_info(context, nullptr);
    return input;
}

int firstStream(const AVFormatContext& context, AVMediaType type)
{
    for (unsigned i = 0; i < context.nb_streams; ++i) {
        const AVStream& stream = *context.streams[i];
        if (stream.codecpar->codec_type == type && !(stream.disposition & AV_DISPOSITION_ATTACHED_PIC))
            return int(i);
    }
    return -1;
}

long long declaredVideoFrames(const std::string& path)
{
    // The headers alone: probing packets fills a stream's unknown length in
    // from the container's, sound included.
    const MediaInput input = openMediaInput(path, StreamProbe::Headers);
    const int index = input ? firstStream(*input, AVMEDIA_TYPE_VIDEO) : -1;
    if (index < 0)
        return 0;
    const AVStream& stream = *input->streams[index];
    double frames = double(stream.nb_frames);
    if (frames <= 0 && positiveRatio(stream.avg_frame_rate))
        frames = std::round(statedSeconds(stream) * av_q2d(stream.avg_frame_rate));
    return std::isfinite(frames) && frames > 0 ? (long long)std::min(frames, 1e15) : 0;
}

} // namespace brushwork
