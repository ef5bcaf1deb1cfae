// SPDX-License-Identifier: GPL-3.0-or-later
// The sound copied packet by packet with FFmpeg's libavformat: the written
// clip's video packets and the source's audio packets within the span,
// interleaved by time into a temporary file beside the clip.
#include "brushwork/soundtrack.h"

#include "motion/clipsinks.h"
#include "motion/streamprobe.h"

#include "brushwork/framesink.h"

extern "C" {
#include <libavcodec/avcodec.h>
}

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>

namespace brushwork {
namespace {

namespace fs = std::filesystem;

/// Why the sound cannot be carried over.
struct Dropped {
    std::string reason;
};

struct OutputCloser {
    void operator()(AVFormatContext* context) const
    {
        avio_closep(&context->pb);
        avformat_free_context(context);
    }
};
using Output = std::unique_ptr<AVFormatContext, OutputCloser>;

struct PacketFree {
    void operator()(AVPacket* packet) const { av_packet_free(&packet); }
};
using Packet = std::unique_ptr<AVPacket, PacketFree>;

std::string errorText(int code)
{
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return text;
}

/// Where the source's timeline starts, in seconds: at its first frame.
double timelineStart(const AVFormatContext& context)
{
    const int video = firstStream(context, AVMEDIA_TYPE_VIDEO);
    if (video >= 0) {
        const AVStream& stream = *context.streams[video];
        if (stream.start_time != AV_NOPTS_VALUE && positiveRatio(stream.time_base))
            return double(stream.start_time) * av_q2d(stream.time_base);
    }
    return context.start_time != AV_NOPTS_VALUE ? double(context.start_time) / AV_TIME_BASE : 0;
}

/// The clip kinds written with video (clipOutputExtensions) whose
/// containers take `codec`, as advice: "write .mp4 or .mkv to keep it".
std::string whereItFits(AVCodecID codec)
{
    std::string kinds;
    for (const std::string& extension : clipOutputExtensions()) {
        const AVOutputFormat* format = av_guess_format(nullptr, ("clip" + extension).c_str(), nullptr);
        if (format && format->audio_codec != AV_CODEC_ID_NONE &&
            avformat_query_codec(format, codec, FF_COMPLIANCE_NORMAL) == 1)
            kinds += (kinds.empty() ? "" : " or ") + extension;
    }
    return kinds.empty() ? "convert its sound to AAC first" : "write " + kinds + " to keep it";
}

/// The source's audio packets within the span, in its time base, shifted
/// so that the first starts at 0.
class SpanAudio {
public:
    SpanAudio(AVFormatContext& source, int stream, SoundSpan span)
        : mSource(source), mStream(stream), mBase(source.streams[stream]->time_base), mSpan(span)
    {
        const double start = timelineStart(source);
        mSpan.from += std::isfinite(start) ? start : 0;
        mSpan.to += std::isfinite(start) ? start : 0;
    }

    /// The next packet into `packet`; false after the last.
    bool next(AVPacket& packet)
    {
        while (!mEnded) {
            const int read = av_read_frame(&mSource, &packet);
            if (read == AVERROR_EOF)
                break;
            if (read < 0)
                throw Dropped{"its sound cannot be read (" + errorText(read) + "): it is damaged"};
            if (place(packet))
                return true;
            av_packet_unref(&packet);
        }
        mEnded = true;
        return false;
    }

private:
    /// Whether `packet` belongs to the span; if so, shifted.
    bool place(AVPacket& packet)
    {
        const std::int64_t time = packet.pts != AV_NOPTS_VALUE ? packet.pts : packet.dts;
        if (packet.stream_index != mStream || time == AV_NOPTS_VALUE) // an untimed packet has no place
            return false;
        const double start = double(time) * av_q2d(mBase);
        const double length = std::max<std::int64_t>(packet.duration, 0) * av_q2d(mBase);
        if (!std::isfinite(start))
            return false;
        if (start >= mSpan.to) {
            mEnded = true;
            return false;
        }
        // A packet straddling the span's start is kept when most of it is
        // inside: the sound is cut at a packet's edge, never within one.
        if (start < mSpan.from - length / 2)
            return false;
        if (mShift == AV_NOPTS_VALUE)
            mShift = time;
        std::int64_t pts = 0, dts = 0;
        if (time < mShift || __builtin_sub_overflow(time, mShift, &pts) ||
            (packet.dts != AV_NOPTS_VALUE && __builtin_sub_overflow(packet.dts, mShift, &dts)))
            return false; // out of order or absurd: no place after what is written
        packet.pts = pts;
        packet.dts = packet.dts != AV_NOPTS_VALUE ? dts : AV_NOPTS_VALUE;
        return true;
    }

    AVFormatContext& mSource;
    int mStream;
    AVRational mBase;
    SoundSpan mSpan;
    std::int64_t mShift = AV_NOPTS_VALUE;
    bool mEnded = false;
};

/// The written clip's video packets, as they are.
bool nextVideo(AVFormatContext& clip, int stream, AVPacket& packet)
{
    for (int read; (read = av_read_frame(&clip, &packet)) >= 0; av_packet_unref(&packet))
        if (packet.stream_index == stream)
            return true;
    return false;
}

std::int64_t decodingTime(const AVPacket& packet)
{
    return packet.dts != AV_NOPTS_VALUE ? packet.dts : packet.pts;
}

AVStream& copyStream(AVFormatContext& output, const AVStream& from)
{
    AVStream* stream = avformat_new_stream(&output, nullptr);
    if (!stream || avcodec_parameters_copy(stream->codecpar, from.codecpar) < 0)
        throw std::bad_alloc();
    stream->codecpar->codec_tag = 0; // the muxer's own tag for the codec
    stream->time_base = from.time_base;
    return *stream;
}

/// Writes `packet` (in `base`) to `stream` of `output`; the packet is left empty.
void write(AVFormatContext& output, const AVStream& stream, AVRational base, AVPacket& packet)
{
    av_packet_rescale_ts(&packet, base, stream.time_base);
    packet.stream_index = stream.index;
    packet.pos = -1;
    const int written = av_interleaved_write_frame(&output, &packet);
    if (written < 0)
        throw Dropped{"FFmpeg could not write it beside the frames (" + errorText(written) + ")"};
}

/// The clip with its frames and the source's sound, in a temporary file put
/// in place of `clip` once whole. Returns the sound's codec.
std::string remux(AVFormatContext& source, int audioIndex, const std::string& clip, SoundSpan span)
{
    const MediaInput frames = openMediaInput(clip, StreamProbe::Packets);
    const int videoIndex = frames ? firstStream(*frames, AVMEDIA_TYPE_VIDEO) : -1;
    if (videoIndex < 0)
        throw Dropped{"FFmpeg cannot read the written video back"};
    const AVStream& video = *frames->streams[videoIndex];
    const AVStream& audio = *source.streams[audioIndex];

    SpanAudio sound(source, audioIndex, span);
    const Packet audioPacket(av_packet_alloc()), videoPacket(av_packet_alloc());
    if (!audioPacket || !videoPacket)
        throw std::bad_alloc();
    bool haveAudio = sound.next(*audioPacket);
    if (!haveAudio)
        throw Dropped{"it holds no sound within the frames written"};
    bool haveVideo = nextVideo(*frames, videoIndex, *videoPacket);

    TemporaryTarget temporary(clip, fs::path(clip).extension().string(), false);
    AVFormatContext* allocated = nullptr;
    if (avformat_alloc_output_context2(&allocated, nullptr, nullptr, temporary.path().c_str()) < 0)
        throw Dropped{"FFmpeg has no writer for this kind of file"};
    Output output(allocated);
    const AVStream& videoOut = copyStream(*output, video);
    const AVStream& audioOut = copyStream(*output, audio);
    int opened = avio_open(&output->pb, temporary.path().c_str(), AVIO_FLAG_WRITE);
    if (opened < 0)
        throw Dropped{"a file cannot be made beside it (" + errorText(opened) + ")"};
    opened = avformat_write_header(output.get(), nullptr);
    if (opened < 0)
        throw Dropped{"FFmpeg refuses the sound's parameters (" + errorText(opened) + "): it is damaged"};
    // Interleaved here by decoding time, so that the muxer's own queue holds
    // a packet or two however long the clip.
    while (haveAudio || haveVideo) {
        const bool audioFirst = haveAudio && (!haveVideo || av_compare_ts(decodingTime(*audioPacket), audio.time_base,
                                                                          decodingTime(*videoPacket), video.time_base) < 0);
        if (audioFirst) {
            write(*output, audioOut, audio.time_base, *audioPacket);
            haveAudio = sound.next(*audioPacket);
        } else {
            write(*output, videoOut, video.time_base, *videoPacket);
            haveVideo = nextVideo(*frames, videoIndex, *videoPacket);
        }
    }
    const int finished = av_write_trailer(output.get());
    const int closed = avio_closep(&output->pb);
    if (finished < 0 || closed < 0)
        throw Dropped{"FFmpeg could not finish the file (" + errorText(finished < 0 ? finished : closed) + ")"};
    output.reset();
    temporary.commit();
    return avcodec_get_name(audio.codecpar->codec_id);
}

} // namespace

SoundOutcome carrySound(const std::string& source, const std::string& clip, SoundSpan span)
{
    SoundOutcome outcome;
    const auto dropped = [&](const std::string& reason, const std::string& advice) {
        outcome.notice = "The sound of " + source + " is dropped from " + clip + ": " + reason +
                         (advice.empty() ? "; the clip is written without it" : "; " + advice);
    };
    try {
        // Folders, FIFOs and devices hold no sound (and a FIFO would block).
        std::error_code error;
        if (!fs::is_regular_file(source, error))
            return outcome;
        const MediaInput input = openMediaInput(source, StreamProbe::Packets);
        const int audio = input ? firstStream(*input, AVMEDIA_TYPE_AUDIO) : -1;
        if (audio < 0)
            return outcome;
        const AVCodecID codec = input->streams[audio]->codecpar->codec_id;
        const std::string codecName = avcodec_get_name(codec);
        const std::string extension = fs::path(clip).extension().string();
        const std::string files = extension + " files";
        const AVOutputFormat* format = av_guess_format(nullptr, clip.c_str(), nullptr);
        if (extension.empty() || !format || format->audio_codec == AV_CODEC_ID_NONE) {
            dropped(extension.empty() ? "a folder of frames holds no sound" : files + " hold no sound",
                    whereItFits(codec));
        } else if (codec == AV_CODEC_ID_NONE || !positiveRatio(input->streams[audio]->time_base)) {
            dropped("its sound is damaged or of a kind FFmpeg does not know", "");
        } else if (avformat_query_codec(format, codec, FF_COMPLIANCE_NORMAL) == 0) {
            dropped(files + " cannot hold its " + codecName + " sound", whereItFits(codec));
        } else {
            outcome.codec = remux(*input, audio, clip, span);
        }
    } catch (const Dropped& why) {
        dropped(why.reason, "");
    } catch (const std::exception& error) {
        dropped(error.what(), "");
    }
    return outcome;
}

} // namespace brushwork
