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

// Rows of one position each, [H*W, C], whatever the layout: a view.
torch::Tensor positionRows(const Flat& flat)
{
    return flat.positionRows ? flat.matrix : flat.matrix.t();
}

// The rows of `rows` (one per entry of `layout.order`) after each guide's
// whole ones, times their weights, in place: inside a region (most of its
// rows) the weight is 1, and multiplying every row cost a pass each way.
void weighPartRows(const torch::Tensor& rows, const GuideLayout& layout)
{
    // One cast for all guides, not one per guide.
    const torch::Tensor weights = layout.weights.to(rows.scalar_type()).unsqueeze(1);
    for (const GuideSpan& guide : layout.guides) {
        const std::int64_t part = guide.count - guide.whole;
        if (part > 0)
            rows.narrow(0, guide.offset + guide.whole, part).mul_(weights.narrow(0, guide.offset + guide.whole, part));
    }
}

// Every guide's rows of the activations, weighted, guide after guide.
torch::Tensor gatherGuides(const torch::Tensor& rows, const GuideLayout& layout)
{
    const torch::Tensor gathered = rows.index_select(0, layout.order);
    weighPartRows(gathered, layout);
    return gathered;
}

// One term: weight * relativeError(product / norm, target). Keeps in `kept` the
// difference product - norm * target (float32, symmetric) and the factor
// that turns it into the gradient of the term with respect to the rows
// the product was made of (rows (dG + dG^T), dG symmetric).
torch::Tensor termOf(const torch::Tensor& product, const GramAim& aim, double norm,
                     torch::autograd::variable_list& kept, std::vector<double>& factors)
{
    const double channels = double(product.size(0));
    // float32 by type promotion, in the same pass as the difference.
    const torch::Tensor difference = torch::sub(product, aim.target, norm);
    const double scale = aim.weight / ((aim.targetMeanSquare + kEpsilon) * norm * norm * channels * channels);
    kept.push_back(difference);
    factors.push_back(4 * scale);
    return torch::dot(difference.view(-1), difference.view(-1)) * scale;
}

// The layout's tensors, saved for the backward in this order.
torch::autograd::variable_list layoutTensors(const GuideLayout& layout)
{
    return {layout.order, layout.weights, layout.firstEntry, layout.repeatEntries, layout.repeatPositions};
}

struct StyleTap : torch::autograd::Function<StyleTap> {
    static torch::autograd::variable_list forward(torch::autograd::AutogradContext* context,
                                                  const torch::Tensor& features, const std::vector<GramAim>& aims,
                                                  const GuideLayout* layout)
    {
        torch::autograd::variable_list kept{features};
        std::vector<double> factors;
        const Flat flat = flatAsMatrix(features);
        torch::Tensor loss;
        if (!layout) {
            loss = termOf(gramOf(flat), aims.at(0), double(features.numel()), kept, factors);
        } else {
            loss = torch::zeros({}, features.options().dtype(torch::kFloat32));
            const torch::Tensor rows = gatherGuides(positionRows(flat), *layout);
            for (std::size_t g = 0; g < layout->guides.size(); ++g) {
                const GuideSpan& guide = layout->guides[g];
                const torch::Tensor part = rows.narrow(0, guide.offset, guide.count);
                loss = loss + termOf(torch::mm(part.t(), part), aims.at(g),
                                     double(features.size(1)) * guide.squaredMass, kept, factors);
            }
            const torch::autograd::variable_list tensors = layoutTensors(*layout);
            kept.insert(kept.end(), tensors.begin(), tensors.end());
            std::vector<std::int64_t> spans;
            for (const GuideSpan& guide : layout->guides)
                spans.insert(spans.end(), {guide.offset, guide.count, guide.whole});
            context->saved_data["spans"] = spans;
        }
        context->save_for_backward(kept);
        context->saved_data["factors"] = factors;
        // alias, not view_as: view_as gives a channels-last tensor the strides
        // of a plain one in the batch dimension, and the pooling after it
        // then takes LibTorch's slow path.
        return {features.alias(), loss};
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* context,
                                                   torch::autograd::variable_list gradients)
    {
        const torch::autograd::variable_list saved = context->get_saved_variables();
        const torch::Tensor& features = saved[0];
        const std::vector<double> factors = context->saved_data["factors"].toDoubleVector();
        const Flat flat = flatAsMatrix(features);
        const torch::Tensor& through = gradients[0];
        // Each difference times its factor and the loss's gradient: what the rows are multiplied by.
        const torch::Tensor lossGradient =
            gradients[1].defined() ? gradients[1] : torch::zeros({}, saved[1].options());
        auto multiplier = [&](std::size_t g) {
            // Scaled and cast to the rows' type in one pass.
            torch::Tensor scaled = torch::empty_like(saved[1 + g], flat.matrix.options());
            return torch::mul_out(scaled, saved[1 + g], lossGradient * factors[g]);
        };
        const std::int64_t batch = features.size(0);
        const std::int64_t channels = features.size(1);
        const std::int64_t height = features.size(2);
        const std::int64_t width = features.size(3);
        if (context->saved_data.find("spans") == context->saved_data.end()) {
            if (flat.positionRows) {
                // [H*W, C] rows: the gradient is F_rows D, laid out as the activations are.
                const torch::Tensor onward = through.defined()
                                                 ? through.permute({0, 2, 3, 1}).reshape(flat.matrix.sizes())
                                                 : torch::zeros_like(flat.matrix);
                return {torch::addmm(onward, flat.matrix, multiplier(0))
                            .view({batch, height, width, channels})
                            .permute({0, 3, 1, 2}),
                        torch::Tensor(), torch::Tensor()};
            }
            const torch::Tensor onward =
                through.defined() ? through.reshape(flat.matrix.sizes()) : torch::zeros_like(flat.matrix);
            return {torch::addmm(onward, multiplier(0), flat.matrix).view_as(features), torch::Tensor(),
                    torch::Tensor()};
        }
        GuideLayout layout;
        const std::size_t at = 1 + factors.size();
        layout.order = saved[at];
        layout.weights = saved[at + 1];
        layout.firstEntry = saved[at + 2];
        layout.repeatEntries = saved[at + 3];
        layout.repeatPositions = saved[at + 4];
        const std::vector<std::int64_t> spans = context->saved_data["spans"].toIntVector();
        for (std::size_t i = 0; i + 2 < spans.size(); i += 3)
            layout.guides.push_back({spans[i], spans[i + 1], spans[i + 2], 0});
        // The guides' rows are gathered again rather than kept: together
        // they are as large as the activations.
        const torch::Tensor rows = gatherGuides(positionRows(flat), layout);
        const std::int64_t entries = rows.size(0);
        // One row of zeros after the entries, for positions in no guide.
        const torch::Tensor products = torch::empty({entries + 1, channels}, rows.options());
        products.narrow(0, entries, 1).zero_();
        for (std::size_t g = 0; g < layout.guides.size(); ++g) {
            const GuideSpan& guide = layout.guides[g];
            torch::Tensor into = products.narrow(0, guide.offset, guide.count);
            torch::mm_out(into, rows.narrow(0, guide.offset, guide.count), multiplier(g));
        }
        weighPartRows(products, layout);
        const torch::Tensor gradientRows = products.index_select(0, layout.firstEntry);
        if (layout.repeatEntries.numel() > 0)
            gradientRows.index_put_({layout.repeatPositions}, products.index_select(0, layout.repeatEntries), true);
        // Laid out as channels-last activations are.
        const torch::Tensor gradient =
            gradientRows.view({batch, height, width, channels}).permute({0, 3, 1, 2});
        if (through.defined())
            gradient.add_(through);
        return {gradient, torch::Tensor(), torch::Tensor()};
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

GuideLayout layOutGuides(const std::vector<GuideRows>& guides, std::int64_t positions)
{
    GuideLayout layout;
    std::vector<torch::Tensor> orders;
    std::vector<torch::Tensor> weights;
    std::int64_t offset = 0;
    for (const GuideRows& guide : guides) {
        const std::int64_t count = guide.positions.numel();
        layout.guides.push_back({offset, count, guide.whole, guide.squaredMass});
        orders.push_back(guide.positions);
        weights.push_back(guide.weights);
        offset += count;
    }
    const auto indexOptions = torch::TensorOptions().dtype(torch::kLong);
    layout.order = orders.empty() ? torch::empty({0}, indexOptions) : torch::cat(orders);
    layout.weights = weights.empty() ? torch::empty({0}) : torch::cat(weights);
    const torch::Tensor entries = torch::arange(offset, layout.order.options());
    // Written last guide first, so that each position keeps its first entry.
    layout.firstEntry = torch::full({positions}, offset, layout.order.options());
    for (auto guide = layout.guides.rbegin(); guide != layout.guides.rend(); ++guide)
        layout.firstEntry.index_put_({layout.order.narrow(0, guide->offset, guide->count)},
                                     entries.narrow(0, guide->offset, guide->count), false);
    layout.repeatEntries =
        torch::nonzero(layout.firstEntry.index_select(0, layout.order) != entries).flatten();
    layout.repeatPositions = layout.order.index_select(0, layout.repeatEntries);
    return layout;
}

StyleTapResult styleTap(const torch::Tensor& features, const std::vector<GramAim>& aims, const GuideLayout* layout)
{
    const torch::autograd::variable_list outputs = StyleTap::apply(features, aims, layout);
    return {outputs[0], outputs[1]};
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
