// SPDX-License-Identifier: GPL-3.0-or-later
#include "networks/tflitetensors.h"

#include "networks/floattensors.h"

namespace brushwork {

torch::Tensor convKernel(const tflite::Model& model, const std::string& name, std::int64_t out, std::int64_t in,
                         std::int64_t side)
{
    return toTensor(model.floats(name, {out, side, side, in})).permute({0, 3, 1, 2}).contiguous();
}

torch::Tensor depthwiseKernel(const tflite::Model& model, const std::string& name, std::int64_t channels)
{
    return toTensor(model.floats(name, {1, 3, 3, channels})).permute({3, 0, 1, 2}).contiguous();
}

torch::Tensor linearWeight(const tflite::Model& model, const std::string& name, std::int64_t out, std::int64_t in)
{
    return toTensor(model.floats(name, {out, 1, 1, in})).reshape({out, in});
}

torch::Tensor vectorTensor(const tflite::Model& model, const std::string& name, std::int64_t size)
{
    return toTensor(model.floats(name, {size}));
}

} // namespace brushwork
