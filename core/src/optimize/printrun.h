// SPDX-License-Identifier: GPL-3.0-or-later
// A print is its preview, enlarged and refined (issue 27). Painted from
// scratch at 1536 px, a run climbed its own coarse scales from 128 px and
// shared no stroke with the 512 px picture the artist approved; here the
// preview is painted as the preview run paints it (or given), then enlarged
// and sharpened at the larger sizes, a short refinement at each, with the
// paintings' strokes as large relative to the picture as in the preview.
#pragma once

#include "brushwork/params.h"
#include "brushwork/progress.h"
#include "brushwork/runcontrol.h"
#include "networks/featurenetwork.h"
#include "optimize/precision.h"

#include <functional>

namespace brushwork {

/// The long side of `job`'s preview: its initImage's when it starts from a
/// picture smaller than the run, else params.previewSize.
int previewSideOf(const StyleJob& job);

/// Whether `job` is a print of a smaller preview: coarse to fine (a run at
/// the final size only refines in place) and larger than its preview.
bool paintsPrint(const StyleJob& job);

/// Evaluations a print refines each of its sizes with, at most: the plateau
/// rule ends most sooner.
int refineIterations(const StyleParams& params);

/// Paints `job` (paintsPrint) as its preview enlarged and refined. The
/// preview job (the job at the preview's size) goes through `prepare`, as
/// any run's start does, then runStyleTransfer. Progress counts the
/// preview's and the refinement's scales as one run. Cancelled during the
/// preview, the result is the preview so far, enlarged.
RunResult runPrint(const FeatureNetwork& network, const Compute& compute, const StyleJob& job,
                   const std::function<StyleJob(const StyleJob&)>& prepare, RunControl& control,
                   const RunCallbacks& callbacks);

} // namespace brushwork
