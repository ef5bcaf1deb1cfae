// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "arguments.h"

namespace cli {

/// bench --quality: time to a good picture rather than time per iteration.
/// Runs one task and reports when the total loss at the requested size first
/// falls below 50%, 10% and 5% of the untouched photo's loss there, and when
/// the first preview frame arrived.
int qualityBench(const Arguments& args);

} // namespace cli
