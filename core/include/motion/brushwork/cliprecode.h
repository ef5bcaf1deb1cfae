// SPDX-License-Identifier: GPL-3.0-or-later
// A clip written again in another form: another format, size, frame rate
// or loop (the studio's Export of a painted clip).
#pragma once

#include "brushwork/soundtrack.h"

#include <string>

namespace brushwork {

struct ClipRecodeOptions {
    int longSide = 0;  ///< the frames' long side (both sides rounded down to even); 0: as they are
    double fps = 0;    ///< > 0: resampled in time to this rate; 0: the clip's own
    double sourceFps = 25; ///< the rate of a clip that names none (a folder of frames)
    bool loop = true;  ///< GIF and WebP: forever, else once
    std::string soundFrom; ///< the clip whose sound is carried over from its start (carrySound); empty: none
};

struct ClipRecodeResult {
    int frames = 0;
    int width = 0;
    int height = 0;
    double fps = 0;
    std::string codec;
    SoundOutcome sound;
};

/// Reads `input` (openFrameSource) and writes it to `output` (openFrameSink,
/// by its extension), in place only once whole. Throws Error as they do,
/// and Error(Usage) for a size or rate out of range.
ClipRecodeResult recodeClip(const std::string& input, const std::string& output, const ClipRecodeOptions& options);

} // namespace brushwork
