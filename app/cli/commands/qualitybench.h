// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "arguments.h"

namespace cli {

/// bench --quality: time to a good picture rather than time per iteration.
/// Runs the task once per starting picture (today the photo) and reports, as
/// JSON, when the total loss at the requested size first falls below 50%, 10%
/// and 5% of the untouched photo's loss there (and below --target-loss), when
/// the first preview frame arrived and when the run reached its plateau.
int qualityBench(const Arguments& args);

} // namespace cli
