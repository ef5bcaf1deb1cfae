// SPDX-License-Identifier: GPL-3.0-or-later
#include "networks/tflitetensors.h"

namespace brushwork {
namespace {

torch::Tensor asTensor(const tflite::FloatTensor& values)
{
    return torch::from_blob(const_cast<float*>(values.values.data()), values.shape, torch::kFloat32).clone();
}

} // namespace

torch::Tensor convKernel(const tflite::Model& model, const std::string& name, std::int64_t out, std::int64_t in,
                         std::int64_t side)
{
    return asTensor(model.floats(name, {out, side, side, in})).permute({0, 3, 1, 2}).contiguous();
}

torch::Tensor depthwiseKernel(const tflite::Model& model, const std::string& name, std::int64_t channels)
{
    return asTensor(model.floats(name, {1, 3, 3, channels})).permute({3, 0, 1, 2}).contiguous();
}

torch::Tensor linearWeight(const tflite::Model& model, const std::string& name, std::int64_t out, std::int64_t in)
{
    return asTensor(model.floats(name, {out, 1, 1, in})).reshape({out, in});
}

torch::Tensor vectorTensor(const tflite::Model& model, const std::string& name, std::int64_t size)
{
    return asTensor(model.floats(name, {size}));
}

} // namespace brushwork
