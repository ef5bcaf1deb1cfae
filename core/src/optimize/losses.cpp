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

// Rows of one position each, [H*W, C], whatever the layout: a view.
torch::Tensor positionRows(const Flat& flat)
{
    return flat.positionRows ? flat.matrix : flat.matrix.t();
}

// `rows` (one per row of `guide`) times the guide's weights, in place.
void scalePartRows(const torch::Tensor& rows, const GuideRows& guide)
{
    const std::int64_t part = rows.size(0) - guide.whole;
    if (part > 0)
        rows.narrow(0, guide.whole, part)
            .mul_(guide.weights.narrow(0, guide.whole, part).to(rows.scalar_type()).unsqueeze(1));
}

// A guide's rows of the activations, times its weights: [n, C]. Only the
// rows after the whole ones are multiplied; inside a region (most of its
// rows) the weight is 1, and multiplying every row cost a pass over the
// activations each way.
torch::Tensor weightedRows(const torch::Tensor& rows, const GuideRows& guide)
{
    const torch::Tensor gathered = rows.index_select(0, guide.positions);
    scalePartRows(gathered, guide);
    return gathered;
}

// GramTap for several guides. The backward gathers each guide's rows again
// rather than keeping them: they are as large as the activations.
struct GuidedGramTap : torch::autograd::Function<GuidedGramTap> {
    static torch::autograd::variable_list forward(torch::autograd::AutogradContext* context,
                                                  const torch::Tensor& features, const std::vector<GuideRows>& guides)
    {
        torch::autograd::variable_list saved{features};
        torch::autograd::variable_list outputs{features.alias()};
        const torch::Tensor rows = positionRows(flatAsMatrix(features));
        std::vector<std::int64_t> whole;
        for (const GuideRows& guide : guides) {
            saved.push_back(guide.positions);
            saved.push_back(guide.weights);
            whole.push_back(guide.whole);
            const torch::Tensor weighted = weightedRows(rows, guide);
            outputs.push_back(torch::mm(weighted.t(), weighted));
        }
        context->save_for_backward(saved);
        context->saved_data["whole"] = whole;
        return outputs;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* context,
                                                   torch::autograd::variable_list gradients)
    {
        const torch::autograd::variable_list saved = context->get_saved_variables();
        const torch::Tensor& features = saved[0];
        // Laid out as the activations are, so that its rows are a view to add into.
        torch::Tensor gradient = torch::empty_like(features);
        if (gradients[0].defined())
            gradient.copy_(gradients[0]);
        else
            gradient.zero_();
        const torch::Tensor rows = positionRows(flatAsMatrix(features));
        const torch::Tensor gradientRows = positionRows(flatAsMatrix(gradient));
        const std::vector<std::int64_t> whole = context->saved_data["whole"].toIntVector();
        for (std::size_t g = 0; g + 1 < gradients.size(); ++g) {
            if (!gradients[g + 1].defined())
                continue;
            const GuideRows guide{saved[1 + 2 * g], saved[2 + 2 * g], 0, whole[g]};
            const torch::Tensor symmetric = (gradients[g + 1] + gradients[g + 1].t()).to(rows.scalar_type());
            const torch::Tensor product = torch::mm(weightedRows(rows, guide), symmetric);
            scalePartRows(product, guide);
            // index_put_ adds up twice as fast as index_add_, which loops over rows on the CPU.
            gradientRows.index_put_({guide.positions}, product, true);
        }
        return {gradient, torch::Tensor()};
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

GuidedGramTapResult guidedGramTap(const torch::Tensor& features, const std::vector<GuideRows>& guides)
{
    torch::autograd::variable_list outputs = GuidedGramTap::apply(features, guides);
    GuidedGramTapResult result{outputs[0], {}};
    for (std::size_t g = 0; g < guides.size(); ++g)
        result.grams.push_back(outputs[g + 1] / (double(features.size(1)) * std::max(guides[g].squaredMass, kEpsilon)));
    return result;
}

torch::Tensor relativeError(const torch::Tensor& x, const torch::Tensor& target)
{
    return relativeError(x, target, target.pow(2).mean());
}

torch::Tensor relativeError(const torch::Tensor& x, const torch::Tensor& target, const torch::Tensor& targetMeanSquare)
{
    return (x - target).pow(2).mean() / (targetMeanSquare + kEpsilon);
}

torch::Tensor totalVariation(const torch::Tensor& image, bool wrap)
{
    if (wrap)
        return (image.roll(-1, 2) - image).pow(2).mean() + (image.roll(-1, 3) - image).pow(2).mean();
    const auto h = image.size(2);
    const auto w = image.size(3);
    const torch::Tensor vertical = image.narrow(2, 1, h - 1) - image.narrow(2, 0, h - 1);
    const torch::Tensor horizontal = image.narrow(3, 1, w - 1) - image.narrow(3, 0, w - 1);
    return vertical.pow(2).mean() + horizontal.pow(2).mean();
}

} // namespace brushwork
