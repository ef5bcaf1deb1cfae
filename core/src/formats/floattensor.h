// SPDX-License-Identifier: GPL-3.0-or-later
// What every weights reader (safetensors, .pth, TFLite) hands back: a
// tensor's shape and its values as float32, in plain memory. The formats
// stay free of LibTorch; the engine turns these into tensors.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace brushwork {

/// Row-major values of `shape` (values.size() is the product of shape).
struct FloatTensor {
    std::vector<std::int64_t> shape;
    std::vector<float> values;
};

using FloatTensors = std::map<std::string, FloatTensor>;

/// Tensors' shapes by name, as a file's header lists them.
using TensorShapes = std::map<std::string, std::vector<std::int64_t>>;

/// IEEE half and bfloat16 bits as float32 (exact), and float32 rounded to
/// the nearest half.
float floatFromHalf(std::uint16_t bits);
float floatFromBFloat16(std::uint16_t bits);
std::uint16_t halfFromFloat(float value);

/// Weights holding NaN or infinity paint nothing (the photo comes back
/// untouched) or an all-black picture, so every reader refuses them where
/// the numbers enter: throws Error(BadInput) naming `path` and the first
/// tensor with a value that is not finite.
void requireFiniteTensors(const FloatTensors& tensors, const std::string& path);

/// A shape as error messages show it, e.g. "[64, 3, 3, 3]".
std::string shapeText(const std::vector<std::int64_t>& shape);

} // namespace brushwork
