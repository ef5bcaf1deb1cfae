// SPDX-License-Identifier: GPL-3.0-or-later
// A clip's sound carried over into a clip written from it (painted, or
// exported from the studio): its first audio stream, copied as it is (no
// re-encoding), trimmed to the stretch of its timeline the frames show.
#pragma once

#include <string>

namespace brushwork {

/// The stretch of a clip's timeline that the frames written from it show,
/// in seconds from its first frame.
struct SoundSpan {
    double from = 0;
    double to = 0;
};

/// What became of a clip's sound.
struct SoundOutcome {
    std::string codec;  ///< the sound carried over (FFmpeg's codec name); empty: none
    std::string notice; ///< why the sound was dropped, naming the file and what to do; empty otherwise
};

/// Carries the first audio stream of `source` over `span` into the video
/// `clip` (as openFrameSink wrote it), starting at 0 beside its frames,
/// and puts the result in place of `clip` atomically once it is whole.
/// Never throws for the sound's sake: when `source` has no sound nothing
/// changes; when `clip` cannot hold it (a GIF, a WebP, a folder, a codec
/// its container refuses) or it cannot be copied (damaged, empty, absurd
/// timestamps, a full disk), `clip` stays as it was, silent, and the
/// outcome's notice says why.
SoundOutcome carrySound(const std::string& source, const std::string& clip, SoundSpan span);

} // namespace brushwork
