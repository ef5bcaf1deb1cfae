// SPDX-License-Identifier: GPL-3.0-or-later
#include "networks/floattensors.h"

#include <cstring>

namespace brushwork {

torch::Tensor toTensor(const FloatTensor& values)
{
    return torch::from_blob(const_cast<float*>(values.values.data()), values.shape, torch::kFloat32).clone();
}

std::map<std::string, torch::Tensor> toTensors(FloatTensors values)
{
    std::map<std::string, torch::Tensor> tensors;
    while (!values.empty()) {
        const auto first = values.begin();
        tensors[first->first] = toTensor(first->second);
        values.erase(first);
    }
    return tensors;
}

FloatTensor toFloatTensor(const torch::Tensor& tensor)
{
    const torch::Tensor stored = tensor.detach().to(torch::kCPU, torch::kFloat32).contiguous();
    FloatTensor values{stored.sizes().vec(), std::vector<float>(std::size_t(stored.numel()))};
    std::memcpy(values.values.data(), stored.data_ptr<float>(), values.values.size() * sizeof(float));
    return values;
}

std::vector<std::pair<std::string, FloatTensor>> toFloatTensors(
    const std::vector<std::pair<std::string, torch::Tensor>>& tensors)
{
    std::vector<std::pair<std::string, FloatTensor>> values;
    for (const auto& [name, tensor] : tensors)
        values.emplace_back(name, toFloatTensor(tensor));
    return values;
}

} // namespace brushwork
