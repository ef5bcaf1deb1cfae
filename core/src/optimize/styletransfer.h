// SPDX-License-Identifier: GPL-3.0-or-later
// The optimization loop: coarse to fine, steerable, cancellable.
#pragma once

#include "brushwork/params.h"
#include "brushwork/progress.h"
#include "brushwork/runcontrol.h"
#include "brushwork/schedule.h"
#include "networks/featurenetwork.h"
#include "optimize/canvas.h"
#include "optimize/precision.h"
#include "optimize/regionguides.h"
#include "optimize/runplan.h"

namespace brushwork {

/// Runs `job` on `network` (already on the compute device). Reads `control` before every
/// evaluation: a cancel returns the best picture so far, a pause blocks, new
/// weights apply at once. With a `refinement`, paints its scales from the
/// job's initImage instead of the job's own coarse-to-fine plan. Throws
/// Error for unusable jobs.
RunResult runStyleTransfer(const FeatureNetwork& network, const Compute& compute, const StyleJob& job,
                           RunControl& control, const RunCallbacks& callbacks,
                           const Refinement* refinement = nullptr);

/// `picture` (from any scale) as the run returns it: at the requested size,
/// with the photo's colours where the job keeps them.
cv::Mat finishPicture(cv::Mat picture, const StyleJob& job);

/// How a run paints a whole picture of `size`: on a canvas with the
/// network's edge margin mirrored round it (the network sees its edge pixels
/// less often than the others, which would keep a frame of the photo's
/// colours), or, seamless, on the picture itself (a torus has no edge); and
/// the objective's frame of that canvas. Timing the evaluation (bench) frames
/// it the same way.
struct ScaleCanvas {
    Canvas canvas;
    CanvasFrame frame;
};
ScaleCanvas scaleCanvas(const FeatureNetwork& network, const StyleParams& params, cv::Size size);

/// Throws Error(Usage) naming what is wrong with `job`.
void validateJob(const StyleJob& job);

} // namespace brushwork
