// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "arguments.h"

namespace cli {

/// bench --quality: time to a good picture rather than time per iteration.
/// Runs the task once per row (from the instant picture, today's default;
/// from the photo; the former default: from the photo, every iteration) and
/// reports, as JSON, when the total loss at the requested size first falls
/// below 50%, 10% and 5% of the untouched photo's loss there (and below
/// --target-loss), when the first preview frame arrived and when the run
/// reached its plateau; and how much sooner the default reaches its plateau
/// than the former default reaches that loss.
int qualityBench(const Arguments& args);

} // namespace cli
