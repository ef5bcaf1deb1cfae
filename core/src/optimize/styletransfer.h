// SPDX-License-Identifier: GPL-3.0-or-later
// The optimization loop: coarse to fine, steerable, cancellable.
#pragma once

#include "brushwork/params.h"
#include "brushwork/progress.h"
#include "brushwork/runcontrol.h"
#include "networks/featurenetwork.h"
#include "optimize/precision.h"

namespace brushwork {

/// Runs `job` on `network` (already on the compute device). Reads `control` before every
/// evaluation: a cancel returns the best picture so far, a pause blocks, new
/// weights apply at once. Throws Error for unusable jobs.
RunResult runStyleTransfer(const FeatureNetwork& network, const Compute& compute, const StyleJob& job,
                           RunControl& control, const RunCallbacks& callbacks);

/// `picture` (from any scale) as the run returns it: at the requested size,
/// with the photo's colours where the job keeps them.
cv::Mat finishPicture(cv::Mat picture, const StyleJob& job);

/// Throws Error(Usage) naming what is wrong with `job`.
void validateJob(const StyleJob& job);

} // namespace brushwork
