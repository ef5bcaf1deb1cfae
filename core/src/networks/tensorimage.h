// SPDX-License-Identifier: GPL-3.0-or-later
// Moving pictures between OpenCV and LibTorch; both sides own their memory.
#pragma once

#include <opencv2/core.hpp>
#include <torch/torch.h>

namespace brushwork {

/// CV_32FC3 (H,W) -> [1,3,H,W] float32 on the CPU; throws Error(Usage) for other types.
torch::Tensor matToTensor(const cv::Mat& rgb);

/// [1,3,H,W] on any device -> CV_32FC3 (H,W), clamped to 0..1.
cv::Mat tensorToMat(const torch::Tensor& image);

} // namespace brushwork
