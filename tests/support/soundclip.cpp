// SPDX-License-Identifier: GPL-3.0-or-later
#include "soundclip.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace testsupport {
namespace {

void check(int code, const char* what)
{
    if (code < 0)
        throw std::runtime_error(std::string("soundclip: ") + what + " failed (" + std::to_string(code) + ")");
}

} // namespace

void writeClipWithSound(const std::string& path, const std::vector<cv::Mat>& frames, double fps, double seconds,
                        double soundStart)
{
    const auto endsWith = [&](const char* extension) {
        const std::string tail(extension);
        return path.size() > tail.size() && path.compare(path.size() - tail.size(), tail.size(), tail) == 0;
    };
    const bool aac = endsWith(".mp4"), opus = endsWith(".webm");
    // The frames through OpenCV (Motion JPEG in AVI needs no other encoder;
    // WebM takes only its own codecs).
    const std::string silent = path + (opus ? ".silent.webm" : ".silent.avi");
    cv::VideoWriter writer(silent, cv::CAP_FFMPEG,
                           opus ? cv::VideoWriter::fourcc('V', 'P', '8', '0') : cv::VideoWriter::fourcc('M', 'J', 'P', 'G'),
                           fps, frames.front().size(), true);
    if (!writer.isOpened())
        throw std::runtime_error("soundclip: OpenCV cannot write " + silent);
    for (const cv::Mat& frame : frames) {
        cv::Mat bgr;
        frame.convertTo(bgr, CV_8UC3, 255.0);
        cv::cvtColor(bgr, bgr, cv::COLOR_RGB2BGR);
        writer.write(bgr);
    }
    writer.release();

    AVFormatContext* in = nullptr;
    check(avformat_open_input(&in, silent.c_str(), nullptr, nullptr), "opening the frames");
    check(avformat_find_stream_info(in, nullptr), "probing the frames");
    AVFormatContext* out = nullptr;
    check(avformat_alloc_output_context2(&out, nullptr, nullptr, path.c_str()), "choosing the muxer");
    AVStream* video = avformat_new_stream(out, nullptr);
    check(avcodec_parameters_copy(video->codecpar, in->streams[0]->codecpar), "copying the frames' parameters");
    video->codecpar->codec_tag = 0;
    video->time_base = in->streams[0]->time_base;
    // As a camera's muxer does: Matroska's headers then state the rate.
    video->avg_frame_rate = in->streams[0]->avg_frame_rate;
    const bool encoded = aac || opus;
    AVStream* audio = avformat_new_stream(out, nullptr);
    AVCodecContext* encoder = nullptr;
    if (encoded) {
        const AVCodec* codec = avcodec_find_encoder(aac ? AV_CODEC_ID_AAC : AV_CODEC_ID_OPUS);
        if (!codec)
            throw std::runtime_error("soundclip: FFmpeg has no encoder for the sound of " + path);
        encoder = avcodec_alloc_context3(codec);
        encoder->sample_rate = kSoundRate;
        // One channel: planar and interleaved floats are laid out alike.
        encoder->sample_fmt = aac ? AV_SAMPLE_FMT_FLTP : AV_SAMPLE_FMT_FLT;
        av_channel_layout_default(&encoder->ch_layout, 1);
        encoder->time_base = {1, kSoundRate};
        if (out->oformat->flags & AVFMT_GLOBALHEADER)
            encoder->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
        check(avcodec_open2(encoder, codec, nullptr), "opening the sound's encoder");
        check(avcodec_parameters_from_context(audio->codecpar, encoder), "describing the sound");
    } else {
        audio->codecpar->codec_type = AVMEDIA_TYPE_AUDIO;
        audio->codecpar->codec_id = AV_CODEC_ID_PCM_S16LE;
        audio->codecpar->sample_rate = kSoundRate;
        av_channel_layout_default(&audio->codecpar->ch_layout, 1);
        audio->codecpar->bits_per_coded_sample = 16;
        audio->codecpar->block_align = 2;
    }
    audio->time_base = {1, kSoundRate};
    check(avio_open(&out->pb, path.c_str(), AVIO_FLAG_WRITE), "opening the clip");
    check(avformat_write_header(out, nullptr), "writing the header");

    AVPacket* packet = av_packet_alloc();
    while (av_read_frame(in, packet) >= 0) {
        av_packet_rescale_ts(packet, in->streams[0]->time_base, video->time_base);
        packet->stream_index = video->index;
        packet->pos = -1;
        check(av_interleaved_write_frame(out, packet), "writing a frame");
    }
    const long total = long(seconds * kSoundRate + 0.5);
    if (encoded) {
        const auto drain = [&] {
            while (avcodec_receive_packet(encoder, packet) == 0) {
                av_packet_rescale_ts(packet, encoder->time_base, audio->time_base);
                packet->stream_index = audio->index;
                check(av_interleaved_write_frame(out, packet), "writing a sound packet");
            }
        };
        AVFrame* frame = av_frame_alloc();
        for (long first = 0; first < total; first += encoder->frame_size) {
            frame->nb_samples = encoder->frame_size;
            frame->format = encoder->sample_fmt;
            frame->sample_rate = kSoundRate;
            av_channel_layout_copy(&frame->ch_layout, &encoder->ch_layout);
            check(av_frame_get_buffer(frame, 0), "making a sound frame");
            auto* samples = reinterpret_cast<float*>(frame->data[0]);
            for (int i = 0; i < frame->nb_samples; ++i)
                samples[i] = 0.3f * float(std::sin(2 * M_PI * 440 * double(first + i) / kSoundRate));
            frame->pts = first;
            check(avcodec_send_frame(encoder, frame), "encoding the sound");
            av_frame_unref(frame);
            drain();
        }
        avcodec_send_frame(encoder, nullptr);
        drain();
        av_frame_free(&frame);
        avcodec_free_context(&encoder);
    }
    const std::int64_t offset = std::int64_t(soundStart * kSoundRate);
    for (long first = 0; !encoded && first < total; first += kSoundPacket) {
        const int count = int(std::min<long>(kSoundPacket, total - first));
        check(av_new_packet(packet, count * 2), "making a sound packet");
        auto* samples = reinterpret_cast<std::int16_t*>(packet->data);
        for (int i = 0; i < count; ++i)
            samples[i] = std::int16_t((first + i) % 32768);
        packet->pts = packet->dts = av_rescale_q(offset + first, {1, kSoundRate}, audio->time_base);
        packet->duration = av_rescale_q(count, {1, kSoundRate}, audio->time_base);
        packet->stream_index = audio->index;
        check(av_interleaved_write_frame(out, packet), "writing a sound packet");
    }
    av_packet_free(&packet);
    check(av_write_trailer(out), "finishing the clip");
    avio_closep(&out->pb);
    avformat_free_context(out);
    avformat_close_input(&in);
    std::remove(silent.c_str());
}

SoundTrack readSoundTrack(const std::string& path)
{
    SoundTrack track;
    AVFormatContext* in = nullptr;
    if (avformat_open_input(&in, path.c_str(), nullptr, nullptr) < 0)
        return track;
    avformat_find_stream_info(in, nullptr);
    int index = -1;
    for (unsigned i = 0; i < in->nb_streams && index < 0; ++i)
        if (in->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO)
            index = int(i);
    if (index >= 0) {
        track.present = true;
        track.codec = avcodec_get_name(in->streams[index]->codecpar->codec_id);
        const double base = av_q2d(in->streams[index]->time_base);
        bool first = true;
        double end = 0;
        AVPacket* packet = av_packet_alloc();
        while (av_read_frame(in, packet) >= 0) {
            if (packet->stream_index == index && packet->pts != AV_NOPTS_VALUE) {
                if (first) {
                    track.start = packet->pts * base;
                    if (track.codec == "pcm_s16le")
                        track.first.assign(reinterpret_cast<const std::int16_t*>(packet->data),
                                           reinterpret_cast<const std::int16_t*>(packet->data) + packet->size / 2);
                    first = false;
                }
                end = std::max(end, (packet->pts + packet->duration) * base);
            }
            av_packet_unref(packet);
        }
        av_packet_free(&packet);
        track.seconds = first ? 0 : end - track.start;
    }
    avformat_close_input(&in);
    return track;
}

} // namespace testsupport
