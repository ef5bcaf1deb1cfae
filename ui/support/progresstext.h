// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "brushwork/progress.h"

#include <QString>
#include <vector>

namespace brushwork::studio::progresstext {

/// Seconds still to go, weighting each iteration by its scale's pixel count
/// (an iteration at 512 px costs sixteen at 128 px); negative when unknown.
/// The engine's plan (progress.plan) gives the scales.
double secondsLeft(const brushwork::Progress& progress);

/// "Iteration 120 / 400 · scale 3 / 5 (362×241) · 0:42 · about 1:10 left"
/// ("at most 1:10 left" when the run may end once the picture stops changing)
QString describe(const brushwork::Progress& progress);

QString duration(double seconds);

} // namespace brushwork::studio::progresstext
