// SPDX-License-Identifier: GPL-3.0-or-later
#include "optimize/losses.h"

namespace brushwork {
namespace {

// Keeps an all-zero target (a dead layer of random weights) from dividing by zero.
constexpr double kEpsilon = 1e-12;

// Activations as a matrix without a copy: one row per position ([H*W, C])
// when they are channels-last, as the feature networks make them on the CPU,
// else one row per channel ([C, H*W]). Either gives the Gram in one product.
struct Flat {
    torch::Tensor matrix;
    bool positionRows;
};

Flat flatAsMatrix(const torch::Tensor& features)
{
    if (features.size(1) > 1 && features.is_contiguous(torch::MemoryFormat::ChannelsLast))
        return {features.permute({0, 2, 3, 1}).reshape({-1, features.size(1)}), true};
    return {features.reshape({features.size(1), -1}), false};
}

torch::Tensor gramOf(const Flat& flat)
{
    return flat.positionRows ? torch::mm(flat.matrix.t(), flat.matrix) : torch::mm(flat.matrix, flat.matrix.t());
}

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
        // alias, not view_as: view_as gives a channels-last tensor the strides
        // of a plain one in the batch dimension, and the pooling after it
        // then takes LibTorch's slow path.
        return {features.alias(), gramOf(flatAsMatrix(features))};
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* context,
                                                   torch::autograd::variable_list gradients)
    {
        const torch::Tensor features = context->get_saved_variables()[0];
        const torch::Tensor& gram = gradients[1];
        if (!gram.defined())
            return {gradients[0]};
        const Flat flat = flatAsMatrix(features);
        const torch::Tensor symmetric = gram + gram.t();
        if (flat.positionRows) {
            // [H*W, C] rows: the gradient is F_rows (dG + dG^T), laid out as the activations are.
            const torch::Tensor through =
                gradients[0].defined() ? gradients[0].permute({0, 2, 3, 1}).reshape(flat.matrix.sizes())
                                       : torch::zeros_like(flat.matrix);
            const torch::Tensor rows = torch::addmm(through, flat.matrix, symmetric);
            return {rows.view({features.size(0), features.size(2), features.size(3), features.size(1)})
                        .permute({0, 3, 1, 2})};
        }
        const torch::Tensor through =
            gradients[0].defined() ? gradients[0].reshape(flat.matrix.sizes()) : torch::zeros_like(flat.matrix);
        return {torch::addmm(through, symmetric, flat.matrix).view_as(features)};
    }
};

} // namespace

torch::Tensor gramProduct(const torch::Tensor& features)
{
    return gramOf(flatAsMatrix(features));
}

torch::Tensor gramMatrix(const torch::Tensor& features)
{
    return gramProduct(features) / double(features.numel());
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
