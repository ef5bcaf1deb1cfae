// SPDX-License-Identifier: GPL-3.0-or-later
// Planning a run's scales before the first is painted.
#pragma once

#include "brushwork/memorybudget.h"
#include "brushwork/params.h"
#include "brushwork/schedule.h"
#include "networks/featurenetwork.h"
#include "optimize/precision.h"

#include <vector>

namespace brushwork {

struct LayerPlan;

/// A print's refinement (see printrun.h): the scales above its preview,
/// each of which stops at its own plateau.
struct Refinement {
    std::vector<ScaleStep> steps;
};

/// One scale of the schedule, with how it fits in memory.
struct PlannedScale {
    ScaleStep step;
    MemoryPlan memory;
    int iterations = 0; ///< as progress counts them
    int styleSide = 0;  ///< the style pictures' long side at this scale
    int styleTileSide = 0; ///< > 0: the style targets are made in tiles of this side
};

/// Every scale of `job` (or of `refinement`), planned before the first is
/// painted, so that a size that cannot fit even in tiles, or that the network
/// cannot take, is refused at once rather than after minutes of work. Coarse
/// scales too small for the network are left out (their iterations go to the
/// next scale).
std::vector<PlannedScale> planRun(const FeatureNetwork& network, const Compute& compute, const StyleJob& job,
                                  const LayerPlan& layers, const Refinement* refinement);

/// Plans `job`'s scales (or `refinement`'s) as runStyleTransfer does and
/// throws the Error that it would, before anything is painted: a print that
/// cannot be painted is refused before its preview is.
void requirePlannable(const FeatureNetwork& network, const Compute& compute, const StyleJob& job,
                      const Refinement* refinement);

} // namespace brushwork
