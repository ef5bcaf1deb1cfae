// SPDX-License-Identifier: GPL-3.0-or-later
// Ruder et al.'s (2016) temporal term, which keeps a painted clip steady.
#pragma once

#include "brushwork/params.h"
#include "optimize/canvas.h"
#include "optimize/styleobjective.h"

namespace brushwork {

/// weight × mean over the picture's pixels and channels of mask × (picture −
/// warped previous frame)², with the target and mask scaled to `size` (the
/// scale's picture) and the canvas's margin left out.
StyleObjective::ExtraTerm temporalTerm(const TemporalTarget& target, const Canvas& canvas, cv::Size size,
                                       const torch::Device& device);

/// Throws Error(Usage) unless `target` fits a content picture of `content`'s
/// size, with a finite weight of at least 0.
void validateTemporal(const TemporalTarget& target, const cv::Mat& content);

} // namespace brushwork
