// SPDX-License-Identifier: GPL-3.0-or-later
#include "optimize/losses.h"

namespace brushwork {
namespace {

// Keeps an all-zero target (a dead layer of random weights) from dividing by zero.
constexpr double kEpsilon = 1e-12;

// Passes activations through unchanged and also gives their F F^T. Its
// backward adds the Gram's gradient, (dG + dG^T) F, to the gradient flowing
// back through the network in one matrix product: autograd's generic mm
// backward needs two, plus a pass to add the branches. On top of the bare
// network, the Grams are most of the engine's cost.
struct GramTap : torch::autograd::Function<GramTap> {
    static torch::autograd::variable_list forward(torch::autograd::AutogradContext* context,
                                                  const torch::Tensor& features)
    {
        context->save_for_backward({features});
        const torch::Tensor flat = features.reshape({features.size(1), -1});
        return {features.view_as(features), torch::mm(flat, flat.t())};
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* context,
                                                   torch::autograd::variable_list gradients)
    {
        const torch::Tensor features = context->get_saved_variables()[0];
        const torch::Tensor flat = features.reshape({features.size(1), -1});
        const torch::Tensor& gram = gradients[1];
        if (!gram.defined())
            return {gradients[0]};
        const torch::Tensor through = gradients[0].defined() ? gradients[0].reshape(flat.sizes()) : torch::zeros_like(flat);
        return {torch::addmm(through, gram + gram.t(), flat).view_as(features)};
    }
};

} // namespace

torch::Tensor gramMatrix(const torch::Tensor& features)
{
    const torch::Tensor flat = features.reshape({features.size(1), -1});
    return torch::mm(flat, flat.t()) / double(features.numel());
}

GramTapResult gramTap(const torch::Tensor& features)
{
    const torch::autograd::variable_list outputs = GramTap::apply(features);
    return {outputs[0], outputs[1] / double(features.numel())};
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
