// SPDX-License-Identifier: GPL-3.0-or-later
#include "optimize/styleobjective.h"

#include "brushwork/error.h"
#include "optimize/losses.h"

#include <algorithm>
#include <numeric>

namespace brushwork {
namespace {

int slotOf(std::vector<int>& taps, int layer)
{
    const auto found = std::find(taps.begin(), taps.end(), layer);
    if (found != taps.end())
        return int(found - taps.begin());
    taps.push_back(layer);
    return int(taps.size()) - 1;
}

/// How strongly a region that keeps the photo holds its pixels to it: its
/// squared difference from the photo, per pixel, weighs this much against
/// the relative errors of the style and content terms, so that the region
/// stays within a grey level or two of the photo.
constexpr double kKeepPhotoWeight = 1e4;

/// What a forward pass does at a style tap: given the tap's place among the
/// plan's style layers and its activations, what the pass goes on with.
using StyleHook = std::function<torch::Tensor(std::size_t styleLayer, const torch::Tensor& activation)>;

/// Activations of the planned taps, with `atStyle` (when given) called at
/// each style layer's. Throws ForwardCancelled between layers once
/// `cancelled` says so.
std::vector<torch::Tensor> tapForward(const FeatureNetwork& network, const Compute& compute, const LayerPlan& plan,
                                      Pooling pooling, const torch::Tensor& image, const StyleHook& atStyle,
                                      const CancelCheck& cancelled, Edges edges = Edges::Zero)
{
    std::vector<std::vector<std::size_t>> styleLayersAt(plan.taps.size());
    for (std::size_t layer = 0; layer < plan.styleSlots.size(); ++layer)
        styleLayersAt[plan.styleSlots[layer]].push_back(layer);
    const AutocastScope autocast(compute);
    const TapHook hook = [&](std::size_t request, const torch::Tensor& activation) {
        if (!atStyle || styleLayersAt[request].empty())
            return activation;
        // In bf16 the Gram of the bf16 activations is made in bf16 arithmetic
        // (oneDNN and cuBLAS add up in float32), then float32 for the loss: a
        // float32 copy of every tapped layer, its Gram and the casts back
        // cost SqueezeNet more than its own convolutions. Judged in float32
        // the pictures are as good (tst_precisions). In fp32 the cast is a no-op.
        const FullPrecisionScope fullPrecision;
        torch::Tensor onward = activation;
        for (std::size_t layer : styleLayersAt[request])
            onward = atStyle(layer, onward);
        return onward;
    };
    return network.features(image, plan.taps, pooling, hook, cancelled, edges);
}

/// The Grams of one style picture at each style slot: in one pass, or with
/// `tileSide` > 0 tile by tile. Throws ForwardCancelled once `cancelled` says so.
std::vector<torch::Tensor> styleGrams(const FeatureNetwork& network, const Compute& compute, const LayerPlan& plan,
                                      Pooling pooling, const torch::Tensor& style, int tileSide,
                                      const CancelCheck& cancelled)
{
    const std::int64_t height = style.size(2);
    const std::int64_t width = style.size(3);
    if (tileSide <= 0 || std::max(height, width) <= tileSide) {
        std::vector<torch::Tensor> perLayer(plan.styleSlots.size());
        const StyleHook gram = [&](std::size_t layer, const torch::Tensor& activation) {
            perLayer[layer] = gramMatrix(activation).to(torch::kFloat32);
            return activation;
        };
        tapForward(network, compute, plan, pooling, style, gram, cancelled);
        return perLayer;
    }
    // Each tile's core is seen with context on every side, so that deep
    // layers see nearly the neighbourhood they see in one pass; more than
    // 128 px costs forward passes without changing the Grams.
    const std::int64_t context = std::clamp<std::int64_t>(tileSide / 8, 16, 128);
    const std::int64_t core = std::max<std::int64_t>(16, tileSide - 2 * context);
    std::vector<torch::Tensor> sums(plan.styleSlots.size());
    std::vector<double> positions(plan.styleSlots.size(), 0.0);
    for (std::int64_t y = 0; y < height; y += core) {
        for (std::int64_t x = 0; x < width; x += core) {
            // A core at the far edge keeps a whole tile's width of context
            // before it: a strip a few pixels thin is narrower than the
            // network can take (SqueezeNet needs tens of pixels).
            const std::int64_t y1 = std::min(height, y + core + context);
            const std::int64_t x1 = std::min(width, x + core + context);
            const std::int64_t y0 = std::max<std::int64_t>(0, std::min(y - context, y1 - tileSide));
            const std::int64_t x0 = std::max<std::int64_t>(0, std::min(x - context, x1 - tileSide));
            const torch::Tensor tile = style.narrow(2, y0, y1 - y0).narrow(3, x0, x1 - x0);
            const AutocastScope autocast(compute);
            const std::vector<torch::Tensor> features = network.features(tile, plan.taps, pooling, {}, cancelled);
            for (std::size_t i = 0; i < plan.styleSlots.size(); ++i) {
                const torch::Tensor f = features[plan.styleSlots[i]].to(torch::kFloat32);
                // The core's place in this layer's (smaller) grid.
                const double sy = double(f.size(2)) / double(y1 - y0);
                const double sx = double(f.size(3)) / double(x1 - x0);
                const std::int64_t r0 = std::llround((y - y0) * sy);
                const std::int64_t r1 = std::min<std::int64_t>(f.size(2), std::llround((std::min(height, y + core) - y0) * sy));
                const std::int64_t c0 = std::llround((x - x0) * sx);
                const std::int64_t c1 = std::min<std::int64_t>(f.size(3), std::llround((std::min(width, x + core) - x0) * sx));
                if (r1 <= r0 || c1 <= c0)
                    continue;
                const torch::Tensor coreFeatures = f.narrow(2, r0, r1 - r0).narrow(3, c0, c1 - c0);
                const torch::Tensor product = gramProduct(coreFeatures);
                sums[i] = sums[i].defined() ? sums[i] + product : product;
                positions[i] += double((r1 - r0) * (c1 - c0));
            }
        }
    }
    std::vector<torch::Tensor> perLayer;
    for (std::size_t i = 0; i < sums.size(); ++i)
        perLayer.push_back(sums[i] / (double(sums[i].size(0)) * positions[i]));
    return perLayer;
}

} // namespace

LayerPlan planLayers(const FeatureNetwork& network, const StyleParams& params)
{
    const std::vector<std::string> contentLayers =
        params.contentLayers.empty() ? network.defaultContentLayers() : params.contentLayers;
    const std::vector<LayerWeight> styleLayers =
        params.styleLayers.empty() ? network.defaultStyleLayers() : params.styleLayers;

    LayerPlan plan;
    for (const std::string& name : contentLayers)
        plan.contentSlots.push_back(slotOf(plan.taps, network.layerIndex(name)));
    float weightSum = 0;
    for (const LayerWeight& layer : styleLayers) {
        if (layer.weight < 0)
            throw Error(ErrorKind::Usage, {}, "style layer " + layer.layer + " has a negative weight");
        plan.styleSlots.push_back(slotOf(plan.taps, network.layerIndex(layer.layer)));
        plan.styleLayerWeights.push_back(layer.weight);
        weightSum += layer.weight;
    }
    if (plan.styleSlots.empty() || weightSum <= 0)
        throw Error(ErrorKind::Usage, {}, "no style layer has a weight above zero",
                    "Give at least one style layer a positive weight");
    for (float& w : plan.styleLayerWeights)
        w /= weightSum;
    return plan;
}

std::vector<float> normalisedBlend(const std::vector<float>& blend, std::size_t styleCount)
{
    std::vector<float> result(styleCount, 1.0f);
    if (blend.size() == styleCount)
        for (std::size_t i = 0; i < styleCount; ++i)
            result[i] = std::max(blend[i], 0.0f);
    float sum = std::accumulate(result.begin(), result.end(), 0.0f);
    if (sum <= 0) {
        std::fill(result.begin(), result.end(), 1.0f);
        sum = float(styleCount);
    }
    for (float& w : result)
        w /= sum;
    return result;
}

StyleTargets computeStyleTargets(const FeatureNetwork& network, const Compute& compute, const LayerPlan& plan,
                                 Pooling pooling, const std::vector<torch::Tensor>& styles, int tileSide,
                                 const CancelCheck& cancelled)
{
    torch::NoGradGuard noGrad;
    StyleTargets targets;
    try {
        for (const torch::Tensor& style : styles)
            targets.push_back(styleGrams(network, compute, plan, pooling, style, tileSide, cancelled));
    } catch (const ForwardCancelled&) {
    }
    return targets;
}

StyleObjective::StyleObjective(const FeatureNetwork& network, const Compute& compute, LayerPlan plan,
                               Pooling pooling, const torch::Tensor& content, StyleTargets styleTargets,
                               CancelCheck cancelled, CanvasFrame frame)
    : mNetwork(network)
    , mCompute(compute)
    , mPlan(std::move(plan))
    , mPooling(pooling)
    , mStyleGrams(std::move(styleTargets))
    , mCancelled(std::move(cancelled))
    , mContent(content)
    , mFrame(frame)
{
    torch::NoGradGuard noGrad;
    const std::vector<torch::Tensor> contentFeatures =
        tapForward(mNetwork, mCompute, mPlan, mPooling, content, {}, mCancelled, mFrame.edges);
    for (int slot : mPlan.contentSlots)
        mContentTargets.push_back(contentFeatures[slot].to(torch::kFloat32).clone());
    for (const std::vector<torch::Tensor>& grams : mStyleGrams) {
        mStyleMeanSquares.emplace_back();
        for (const torch::Tensor& gram : grams)
            mStyleMeanSquares.back().push_back(gram.pow(2).mean().item<double>());
    }
}

void StyleObjective::blendTargets(const std::vector<float>& blend) const
{
    if (blend == mBlend)
        return;
    torch::NoGradGuard noGrad;
    mBlend = blend;
    mBlendedGrams.clear();
    mBlendedMeanSquares.clear();
    for (std::size_t layer = 0; layer < mPlan.styleSlots.size(); ++layer) {
        torch::Tensor target = mStyleGrams[0][layer] * blend[0];
        for (std::size_t s = 1; s < mStyleGrams.size(); ++s)
            target = target + mStyleGrams[s][layer] * blend[s];
        mBlendedMeanSquares.push_back(target.pow(2).mean().item<double>());
        mBlendedGrams.push_back(std::move(target));
    }
}

LossTerms StyleObjective::evaluate(const torch::Tensor& image, const LossWeights& weights) const
{
    if (image.grad().defined())
        image.mutable_grad().zero_();
    if (!RegionGuides::same(weights.regions, mRegions)) {
        mGuides = RegionGuides(weights.regions, mStyleGrams.size(), mFrame,
                               cv::Size(int(image.size(3)), int(image.size(2))), image.device());
        mRegions = weights.regions;
    }
    // With blend weights summing to one, the blend of the per-style losses and
    // the loss against the blended Gram differ by a constant, so their
    // gradients agree; the blended Gram costs one comparison per layer.
    blendTargets(normalisedBlend(weights.styleBlend, mStyleGrams.size()));
    std::vector<torch::Tensor> styleLosses;
    const StyleHook atStyle = [&](std::size_t layer, const torch::Tensor& activation) {
        const double layerWeight = mPlan.styleLayerWeights[layer];
        if (!mGuides.active()) {
            const StyleTapResult tap =
                styleTap(activation, {{mBlendedGrams[layer], mBlendedMeanSquares[layer], layerWeight}});
            styleLosses.push_back(tap.loss);
            return tap.passThrough;
        }
        // Each region's term counts as much as the region is large, so that
        // a pixel pulls as hard as it would without regions.
        const RegionGuides::AtLayer& at = mGuides.atLayer(activation.size(2), activation.size(3));
        if (at.guides.empty())
            return activation;
        std::vector<GramAim> aims;
        for (std::size_t span = 0; span < at.guides.size(); ++span) {
            const RegionGuides::Guide& guide = mGuides.guides()[at.guides[span]];
            const double weight = layerWeight * at.masses[span] * guide.strength;
            if (guide.painting == kBlendOfPaintings)
                aims.push_back({mBlendedGrams[layer], mBlendedMeanSquares[layer], weight});
            else
                aims.push_back({mStyleGrams[guide.painting][layer], mStyleMeanSquares[guide.painting][layer], weight});
        }
        const StyleTapResult tap = styleTap(activation, aims, &at.layout);
        styleLosses.push_back(tap.loss);
        return tap.passThrough;
    };
    const std::vector<torch::Tensor> features =
        tapForward(mNetwork, mCompute, mPlan, mPooling, image, atStyle, mCancelled, mFrame.edges);

    torch::Tensor content = torch::zeros({}, image.options());
    for (std::size_t i = 0; i < mPlan.contentSlots.size(); ++i)
        content = content + relativeError(features[mPlan.contentSlots[i]].to(torch::kFloat32), mContentTargets[i]);
    content = content * (weights.content / double(mPlan.contentSlots.size()));
    if (mGuides.keep().defined())
        content = content + (mGuides.keep() * (image - mContent).pow(2)).mean() * kKeepPhotoWeight;

    torch::Tensor style = torch::zeros({}, image.options());
    for (const torch::Tensor& loss : styleLosses)
        style = style + loss;
    style = style * double(weights.style);

    const torch::Tensor tv = totalVariation(image, mFrame.edges == Edges::Wrap) * double(weights.tv);
    torch::Tensor total = content + style + tv;
    for (const ExtraTerm& term : mExtraTerms)
        total = total + term(image);
    total.backward();

    LossTerms terms;
    terms.content = content.item<double>();
    terms.style = style.item<double>();
    terms.tv = tv.item<double>();
    terms.total = total.item<double>();
    return terms;
}

} // namespace brushwork
