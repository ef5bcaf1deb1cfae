// SPDX-License-Identifier: GPL-3.0-or-later
// Clips with sound for the video tests, muxed with FFmpeg's libavformat, and
// a look at the sound in a clip written from them.
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace testsupport {

/// The sound's samples a second: 16-bit mono PCM.
inline constexpr int kSoundRate = 16000;
/// Samples in each of its packets (25 ms).
inline constexpr int kSoundPacket = 400;

/// Writes `frames` (CV_32FC3 RGB) at `fps` to `path` with a sound track of
/// `seconds`. In an .mp4: AAC, in a .webm: Opus (FFmpeg's encoders), a tone
/// (the .webm's frames VP8). Else Motion JPEG frames and 16-bit PCM
/// whose sample i is i % 32768, a ramp that tells which stretch of it a
/// clip carries, its packets' timestamps starting at `soundStart` seconds
/// (an absurd start makes a hostile clip); `seconds` 0 writes an audio
/// stream with no packet.
void writeClipWithSound(const std::string& path, const std::vector<cv::Mat>& frames, double fps, double seconds,
                        double soundStart = 0);

/// The first audio stream of a clip, as its packets say.
struct SoundTrack {
    bool present = false;
    std::string codec;
    double start = 0;                 ///< the first packet's time, seconds
    double seconds = 0;               ///< from the first packet's start to the last one's end
    std::vector<std::int16_t> first;  ///< the first packet's samples (PCM only)
};

SoundTrack readSoundTrack(const std::string& path);

} // namespace testsupport
