// SPDX-License-Identifier: GPL-3.0-or-later
// A second, deliberately naive forward pass of Magenta's arbitrary-style
// networks, written from ../shared/docs/magenta-arbitrary-style.md alone and
// sharing no code with the engine but the TFLite reader: it works in the
// files' own NHWC / OHWI layouts (no permutation), spells every convolution
// out as a sum over its taps, and pads, normalises and upsamples by hand.
#pragma once

#include "formats/tflitemodel.h"

#include <opencv2/core.hpp>
#include <torch/torch.h>

namespace reference {

/// The style vector [100] of a 256×256 RGB 0..1 painting (CV_32FC3).
torch::Tensor predictStyle(const brushwork::tflite::Model& predictor, const cv::Mat& painting);

/// `photo` (CV_32FC3 RGB 0..1, sides multiples of 4) painted with `style`.
cv::Mat transform(const brushwork::tflite::Model& transformer, const cv::Mat& photo, const torch::Tensor& style);

} // namespace reference
