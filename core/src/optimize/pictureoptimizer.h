// SPDX-License-Identifier: GPL-3.0-or-later
// Steps one picture (a whole scale or a tile) towards its objective, reading
// the user's controls before every evaluation.
#pragma once

#include "brushwork/params.h"
#include "brushwork/progress.h"
#include "brushwork/runcontrol.h"
#include "optimize/plateau.h"
#include "optimize/styleobjective.h"

#include <torch/torch.h>

#include <chrono>
#include <functional>

namespace brushwork {

/// What all scales and tiles of one run share.
struct RunState {
    RunState(RunControl& control, const RunCallbacks& callbacks, const LossWeights& weights);

    RunControl& control;
    const RunCallbacks& callbacks;
    LossWeights weights;          ///< as last steered
    std::uint64_t generation = 0; ///< of the steering taken
    Progress progress;
    std::chrono::steady_clock::time_point started;
    bool cancelled = false;
    bool plateaued = false; ///< the last optimizePicture stopped because the picture stopped changing
};

/// Optimizes `image` (a leaf that requires grad, on the network's device)
/// for up to `iterations` evaluations and returns the best evaluated picture
/// (detached). Stops early when the run is cancelled; blocks while paused;
/// new weights restart the optimizer. Updates state.progress's loss terms and
/// elapsed time, then calls `afterStep(i)` after evaluation i. With a
/// `plateau` detector it also stops, setting state.plateaued, once that
/// detector sees the losses level off.
torch::Tensor optimizePicture(const StyleObjective& objective, const torch::Tensor& image, int iterations,
                              const StyleParams& params, RunState& state, const std::function<void(int)>& afterStep,
                              PlateauDetector* plateau = nullptr);

} // namespace brushwork
