// SPDX-License-Identifier: GPL-3.0-or-later
// Weights holding NaN or infinity paint nothing (the photo comes back
// untouched) or an all-black picture, so every tensor reader (safetensors,
// .pth, and any later format) refuses them where the numbers enter.
#pragma once

#include <torch/torch.h>

#include <map>
#include <string>

namespace brushwork {

/// Throws Error(BadInput) naming `path` and the first tensor with a value
/// that is not finite.
void requireFiniteTensors(const std::map<std::string, torch::Tensor>& tensors, const std::string& path);

} // namespace brushwork
