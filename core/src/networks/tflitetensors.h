// SPDX-License-Identifier: GPL-3.0-or-later
// TFLite weights as LibTorch tensors in PyTorch's layouts.
#pragma once

#include "formats/tflitemodel.h"

#include <torch/torch.h>

namespace brushwork {

/// A CONV_2D kernel, stored O,H,W,I, as [out, in, kh, kw].
torch::Tensor convKernel(const tflite::Model& model, const std::string& name, std::int64_t out, std::int64_t in,
                         std::int64_t side);
/// A DEPTHWISE_CONV_2D kernel with multiplier 1, stored [1, kh, kw, C], as [C, 1, kh, kw].
torch::Tensor depthwiseKernel(const tflite::Model& model, const std::string& name, std::int64_t channels);
/// A 1×1 convolution applied to a vector, stored [out, 1, 1, in], as a [out, in] matrix.
torch::Tensor linearWeight(const tflite::Model& model, const std::string& name, std::int64_t out, std::int64_t in);
/// A bias (or any vector) of `size` values.
torch::Tensor vectorTensor(const tflite::Model& model, const std::string& name, std::int64_t size);

} // namespace brushwork
