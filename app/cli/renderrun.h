// SPDX-License-Identifier: GPL-3.0-or-later
// The steps of a render that `render` and `batch run` share: the recipe that
// reproduces a picture, fitting a print size and
// running the engine with progress, Ctrl-C and autosave.
#pragma once

#include "interrupt.h"
#include "progressprinter.h"

#include "brushwork/autosave.h"
#include "brushwork/engine.h"
#include "brushwork/project.h"

#include <functional>
#include <string>
#include <vector>

namespace cli {

/// What reproduces a render: absolute picture paths (content first), every
/// parameter and the weights' checksum.
brushwork::Project recipeOf(const std::vector<std::string>& pictures, const brushwork::StyleJob& job,
                            brushwork::NetworkKind network, const std::string& weightsSha256);

/// A picture's long side and DPI for a print size.
struct PrintSizing {
    int longSide = 0;
    double dpi = 0;
};

/// How a width×height photo fits the print size `print` (e.g. "A3@300");
/// with `report`, says the size and warns of a photo enlarged too much on
/// stderr. Shared by render, batch pieces and instant.
PrintSizing fitPrint(const std::string& print, int width, int height, bool report);

/// Runs `job`: progress goes to `printer`, Ctrl-C or SIGTERM cancels at the
/// next evaluation, `autosave` (when given) is kept up to date, and every
/// frame also goes to `onFrame` (when given).
brushwork::RunResult runJob(brushwork::StyleEngine& engine, const brushwork::StyleJob& job,
                            brushwork::RunControl& control, const InterruptGuard& interrupt, ProgressPrinter& printer,
                            brushwork::Autosave* autosave,
                            const std::function<void(const cv::Mat&, const brushwork::Progress&)>& onFrame = {});

} // namespace cli
