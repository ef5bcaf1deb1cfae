// SPDX-License-Identifier: GPL-3.0-or-later
// A second, deliberately naive forward pass of both fast style layouts,
// written from the models' READMEs alone and sharing no code with the
// engine: padding, instance norm, transposed convolution and upsampling are
// all spelled out by hand, so a mistake in one is unlikely to hide in both.
#pragma once

#include <opencv2/core.hpp>
#include <torch/torch.h>

#include <map>
#include <string>

namespace reference {

using Weights = std::map<std::string, torch::Tensor>;

/// Output of Logan Engstrom's network for `rgb` (CV_32FC3 RGB 0..1 whose
/// sides are multiples of 4), as RGB 0..1.
cv::Mat engstrom(const Weights& w, const cv::Mat& rgb);

/// Output of pytorch/examples' TransformerNet, same conventions.
cv::Mat pytorchExamples(const Weights& w, const cv::Mat& rgb);

} // namespace reference
