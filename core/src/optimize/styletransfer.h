// SPDX-License-Identifier: GPL-3.0-or-later
// The optimization loop: coarse to fine, steerable, cancellable.
#pragma once

#include "brushwork/params.h"
#include "brushwork/progress.h"
#include "brushwork/runcontrol.h"
#include "brushwork/schedule.h"
#include "networks/featurenetwork.h"
#include "optimize/precision.h"

namespace brushwork {

/// A print's refinement (see printrun.h): the scales above its preview,
/// each of which stops at its own plateau.
struct Refinement {
    std::vector<ScaleStep> steps;
};

/// Runs `job` on `network` (already on the compute device). Reads `control` before every
/// evaluation: a cancel returns the best picture so far, a pause blocks, new
/// weights apply at once. With a `refinement`, paints its scales from the
/// job's initImage instead of the job's own coarse-to-fine plan. Throws
/// Error for unusable jobs.
RunResult runStyleTransfer(const FeatureNetwork& network, const Compute& compute, const StyleJob& job,
                           RunControl& control, const RunCallbacks& callbacks,
                           const Refinement* refinement = nullptr);

/// Plans `job`'s scales (or `refinement`'s) as runStyleTransfer does and
/// throws the Error that it would, before anything is painted: a print that
/// cannot be painted is refused before its preview is.
void requirePlannable(const FeatureNetwork& network, const Compute& compute, const StyleJob& job,
                      const Refinement* refinement);

/// `picture` (from any scale) as the run returns it: at the requested size,
/// with the photo's colours where the job keeps them.
cv::Mat finishPicture(cv::Mat picture, const StyleJob& job);

/// Throws Error(Usage) naming what is wrong with `job`.
void validateJob(const StyleJob& job);

} // namespace brushwork
