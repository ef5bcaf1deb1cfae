// SPDX-License-Identifier: GPL-3.0-or-later
#include "losses.h"

namespace brushwork {
namespace {
// Keeps an all-zero target (a dead layer of random weights) from dividing by zero.
constexpr double kEpsilon = 1e-12;
} // namespace

torch::Tensor gramMatrix(const torch::Tensor& features)
{
    const auto channels = features.size(1);
    const torch::Tensor flat = features.reshape({channels, -1});
    return torch::mm(flat, flat.t()) / double(features.numel());
}

torch::Tensor relativeError(const torch::Tensor& x, const torch::Tensor& target)
{
    return (x - target).pow(2).mean() / (target.pow(2).mean() + kEpsilon);
}

torch::Tensor totalVariation(const torch::Tensor& image)
{
    const auto h = image.size(2);
    const auto w = image.size(3);
    const torch::Tensor vertical = image.narrow(2, 1, h - 1) - image.narrow(2, 0, h - 1);
    const torch::Tensor horizontal = image.narrow(3, 1, w - 1) - image.narrow(3, 0, w - 1);
    return vertical.pow(2).mean() + horizontal.pow(2).mean();
}

} // namespace brushwork
