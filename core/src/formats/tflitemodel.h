// SPDX-License-Identifier: GPL-3.0-or-later
// Reading the weights of a TensorFlow Lite model (a flatbuffer) without
// TensorFlow: the whole file is checked by flatbuffers' verifier, then every
// tensor's shape, element type, buffer and quantisation against each other,
// before any value is used. Only what Brushwork's built-in networks need is
// understood: one graph, float32, float16, int8 and int32 tensors, per-tensor
// and per-channel quantisation, and the operators those graphs use; anything
// else is refused with Error(BadInput) naming the file. Torch-free.
#pragma once

#include "formats/floattensor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace brushwork::tflite {

enum class ElementType { Float32, Float16, Int32, Int8, UInt8, Int64 };

struct Quantisation {
    std::vector<float> scales;           ///< empty: not quantised; one: per tensor; else per channel
    std::vector<std::int64_t> zeroPoints; ///< as many as scales, or empty (all zero)
    int axis = 0;                         ///< the channel axis of per-channel scales
};

struct TensorInfo {
    std::string name;
    std::vector<std::int64_t> shape;
    ElementType type = ElementType::Float32;
    Quantisation quantisation;
    std::size_t dataOffset = 0; ///< into the file; meaningful when hasData
    std::size_t dataBytes = 0;  ///< exactly elements × element size when hasData
    bool hasData = false;       ///< a constant (weights), not an activation
};

/// TFLite builtin operator codes of the supported operators.
enum class Operator : int {
    Add = 0,
    Conv2d = 3,
    DepthwiseConv2d = 4,
    Dequantize = 6,
    Logistic = 14,
    Mul = 18,
    Mean = 40,
    Sub = 41,
    Rsqrt = 76,
    ResizeNearestNeighbor = 97,
    SquaredDifference = 99,
    MirrorPad = 100,
    Quantize = 114,
};

class Model {
public:
    /// Reads and checks `path`. Throws Error(BadInput) naming the file for a
    /// file that is missing, truncated, not a TFLite model, or uses anything
    /// not understood here.
    explicit Model(const std::string& path);
    /// The same from bytes in memory; `name` stands for the file in messages.
    Model(std::vector<std::uint8_t> bytes, std::string name);

    const std::string& name() const { return mName; }
    const std::vector<TensorInfo>& tensors() const { return mTensors; }
    /// One entry per operator of the graph, in execution order.
    const std::vector<Operator>& operators() const { return mOperators; }

    /// The constant tensor called `name`, dequantised to float32 (float16
    /// cast, integers × their scale). Throws Error(BadInput) naming the file
    /// and the tensor when there is none, or it holds no data.
    FloatTensor floats(const std::string& name) const;
    /// The same, also checking its shape; the message says what was expected.
    FloatTensor floats(const std::string& name, const std::vector<std::int64_t>& shape) const;

private:
    void parse();
    const TensorInfo& constant(const std::string& name) const;

    std::string mName;
    std::vector<std::uint8_t> mBytes;
    std::vector<TensorInfo> mTensors;
    std::vector<Operator> mOperators;
};

} // namespace brushwork::tflite
