// SPDX-License-Identifier: GPL-3.0-or-later
// The two layouts of fast style networks: which tensors each needs, with
// which shapes, and which one a file holds, judged from its header alone.
#pragma once

#include "formats/safetensors.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace brushwork {

enum class FastStyleLayout { Engstrom2016, PytorchExamples };

struct FastStyleTensor {
    std::string name;
    std::vector<std::int64_t> shape;
};

/// "engstrom-2016" or "pytorch-examples".
const char* layoutName(FastStyleLayout layout);

/// Every tensor the forward pass of `layout` reads, with its shape.
std::vector<FastStyleTensor> layoutTensors(FastStyleLayout layout);

/// The layout the tensor names point to, if any (shapes are not looked at).
std::optional<FastStyleLayout> recogniseLayout(const safetensors::Header& header);

/// The layout of the file `path` whose header is `header`, after checking
/// every tensor's name and shape. Throws Error(BadInput) naming the file and
/// the first missing or wrongly shaped tensor.
FastStyleLayout checkLayout(const safetensors::Header& header, const std::string& path);

/// The header's "style" metadata, else the file name without its extension.
std::string styleNameOf(const safetensors::Header& header, const std::string& path);

/// The licence rule documented at brushwork::mayOfferToUsers().
bool offerable(FastStyleLayout layout, const std::string& styleName);

} // namespace brushwork
