// SPDX-License-Identifier: GPL-3.0-or-later
// Whole engine runs on tiny pictures, recorded step by step: what the engine
// tests in every precision share.
#pragma once

#include "brushwork/engine.h"

#include <functional>
#include <vector>

namespace testsupport {

struct RecordedRun {
    brushwork::RunResult result;
    std::vector<brushwork::Progress> steps;
};

/// A `size`-px photo and a stripy painting, `iterations` at one fixed count
/// (no plateau stop), VGG19's layers up to relu3_1 only.
brushwork::StyleJob tinyJob(int size = 64, int iterations = 30);

/// An engine on seeded random VGG19 weights on the CPU in `precision`.
brushwork::EngineOptions randomVggOptions(brushwork::Precision precision);

RecordedRun recordRun(brushwork::StyleEngine& engine, const brushwork::StyleJob& job, brushwork::RunControl& control,
                      const std::function<void(const brushwork::Progress&)>& onStep = {});
RecordedRun recordRun(brushwork::StyleEngine& engine, const brushwork::StyleJob& job);

/// The lowest loss of a recorded run.
double bestLoss(const RecordedRun& run);

} // namespace testsupport
