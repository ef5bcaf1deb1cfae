// SPDX-License-Identifier: GPL-3.0-or-later
// Painting a clip frame by frame, steady from one frame to the next (Ruder
// et al. 2016): each frame is read, painted and kept in a folder beside the
// output, so an interrupted run goes on from the next frame; the finished
// clip is then encoded and put in place by one rename.
#pragma once

#include "brushwork/engine.h"
#include "brushwork/params.h"
#include "brushwork/runcontrol.h"
#include "brushwork/soundtrack.h"

#include <functional>
#include <string>
#include <vector>

namespace brushwork {

enum class ClipMethod {
    Instant,  ///< the built-in arbitrary-style network, one pass a frame
    Optimize, ///< the feature network's optimisation, from the warped previous frame
};

/// The temporal weight each method starts from: instant blends a frame
/// W/(1+W) of the way to the warped previous one where the flow is
/// reliable; optimize weighs the temporal term W against the others.
float defaultTemporalWeight(ClipMethod method);

struct ClipOptions {
    ClipMethod method = ClipMethod::Instant;
    int size = 512;           ///< the painted frames' long side (rounded down to even sides)
    int firstFrame = 1;       ///< from 1, both included
    int lastFrame = 0;        ///< 0: the clip's last
    double fps = 0;           ///< > 0: the clip resampled in time to this rate; 0: the clip's own
    bool temporal = true;     ///< false: every frame painted alone
    float temporalWeight = -1; ///< < 0: defaultTemporalWeight
    bool sound = true;        ///< carry the input's sound over (carrySound); false: the studio's frames, exported later
    // Instant.
    float strength = 1.0f;
    std::vector<float> styleWeights;
    ColourMode colours = ColourMode::None;
    DeviceKind device = DeviceKind::Auto;
    int threads = 0;
    // Optimize: the engine and every frame's parameters (size, init and
    // scales are the clip's); frames after the first run params.iterations
    // from the warped start.
    EngineOptions engine;
    StyleParams params;
};

struct ClipProgress {
    int frame = 0;             ///< output frames finished, those kept from before included
    int frameCount = 0;        ///< 0 while not known
    int resumedFrames = 0;     ///< frames kept from an interrupted run
    double seconds = 0;        ///< painting time of this run
    double warpingError = 0;   ///< mean over the frames painted so far in this run
};

struct ClipCallbacks {
    std::function<void(const ClipProgress&)> onFrame; ///< after each frame painted (not those kept from before)
    std::function<void(const std::string&)> onNotice;
};

struct ClipResult {
    bool cancelled = false;     ///< stopped by the control; the frames painted are kept
    ClipProgress last;
    std::string codec;          ///< of the written clip
    double fps = 0;
    std::string keptFrames;     ///< the folder of finished frames (when cancelled)
    SoundOutcome sound;         ///< the input's sound in the clip, or why it was dropped (also a notice)
};

/// The folder beside `output` where its finished frames are kept until the
/// clip is written.
std::string keptFramesFolder(const std::string& output);

/// Paints `input` (any clip openFrameSource reads) in the style of
/// `paintings` into `output` (as openFrameSink writes). Throws Error:
/// BadInput for a clip or painting that cannot be used (nothing is left at
/// `output`), Usage for options that make no sense.
ClipResult paintClip(const std::string& input, const std::vector<std::string>& paintings, const std::string& output,
                     const ClipOptions& options, RunControl& control, const ClipCallbacks& callbacks = {});

} // namespace brushwork
