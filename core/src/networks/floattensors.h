// SPDX-License-Identifier: GPL-3.0-or-later
// The weights readers hand back plain float buffers (formats/floattensor.h);
// the engine's networks hold LibTorch tensors. These convert between them.
#pragma once

#include "formats/floattensor.h"

#include <torch/torch.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace brushwork {

/// A contiguous float32 CPU tensor holding a copy of `values`.
torch::Tensor toTensor(const FloatTensor& values);

/// Every buffer as a tensor; each buffer is freed once it is copied, so
/// loading costs one network's memory plus one tensor.
std::map<std::string, torch::Tensor> toTensors(FloatTensors values);

/// A tensor's values as float32, in row-major order.
FloatTensor toFloatTensor(const torch::Tensor& tensor);

/// Named tensors as float buffers, in the same order, as a weights file is
/// written (safetensors::writeTensors).
std::vector<std::pair<std::string, FloatTensor>> toFloatTensors(
    const std::vector<std::pair<std::string, torch::Tensor>>& tensors);

} // namespace brushwork
