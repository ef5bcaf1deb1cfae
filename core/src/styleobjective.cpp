// SPDX-License-Identifier: GPL-3.0-or-later
#include "styleobjective.h"

#include "brushwork/error.h"
#include "losses.h"

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

StyleObjective::StyleObjective(const FeatureNetwork& network, const Compute& compute, LayerPlan plan,
                               Pooling pooling, const torch::Tensor& content, const std::vector<torch::Tensor>& styles)
    : mNetwork(network)
    , mCompute(compute)
    , mPlan(std::move(plan))
    , mPooling(pooling)
    , mStyleRequest(mPlan.taps.size(), false)
{
    for (int slot : mPlan.styleSlots)
        mStyleRequest[slot] = true;
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> unused;
    const std::vector<torch::Tensor> contentFeatures = forward(content, unused);
    for (int slot : mPlan.contentSlots)
        mContentTargets.push_back(contentFeatures[slot].to(torch::kFloat32).clone());
    for (const torch::Tensor& style : styles) {
        std::vector<torch::Tensor> grams;
        forward(style, grams);
        std::vector<torch::Tensor> perLayer;
        for (int slot : mPlan.styleSlots)
            perLayer.push_back(grams[slot]);
        mStyleGrams.push_back(std::move(perLayer));
    }
}

std::vector<torch::Tensor> StyleObjective::forward(const torch::Tensor& image, std::vector<torch::Tensor>& grams) const
{
    grams.assign(mPlan.taps.size(), torch::Tensor());
    const AutocastScope autocast(mCompute);
    return mNetwork.features(image, mPlan.taps, mPooling, [&](std::size_t request, const torch::Tensor& activation) {
        if (!mStyleRequest[request])
            return activation;
        if (mCompute.reduced()) {
            const FullPrecisionScope fullPrecision;
            grams[request] = gramMatrix(activation.to(torch::kFloat32));
            return activation;
        }
        GramTapResult tap = gramTap(activation);
        grams[request] = tap.gram;
        return tap.passThrough;
    });
}

LossTerms StyleObjective::evaluate(const torch::Tensor& image, const LossWeights& weights) const
{
    if (image.grad().defined())
        image.mutable_grad().zero_();
    std::vector<torch::Tensor> grams;
    const std::vector<torch::Tensor> features = forward(image, grams);

    torch::Tensor content = torch::zeros({}, image.options());
    for (std::size_t i = 0; i < mPlan.contentSlots.size(); ++i)
        content = content + relativeError(features[mPlan.contentSlots[i]].to(torch::kFloat32), mContentTargets[i]);
    content = content * (weights.content / double(mPlan.contentSlots.size()));

    // With blend weights summing to one, the blend of the per-style losses and
    // the loss against the blended Gram differ by a constant, so their
    // gradients agree; the blended Gram costs one comparison per layer.
    const std::vector<float> blend = normalisedBlend(weights.styleBlend, mStyleGrams.size());
    torch::Tensor style = torch::zeros({}, image.options());
    for (std::size_t layer = 0; layer < mPlan.styleSlots.size(); ++layer) {
        torch::Tensor target = mStyleGrams[0][layer] * blend[0];
        for (std::size_t s = 1; s < mStyleGrams.size(); ++s)
            target = target + mStyleGrams[s][layer] * blend[s];
        style = style + relativeError(grams[mPlan.styleSlots[layer]], target) *
                            mPlan.styleLayerWeights[layer];
    }
    style = style * double(weights.style);

    const torch::Tensor tv = totalVariation(image) * double(weights.tv);
    const torch::Tensor total = content + style + tv;
    total.backward();

    LossTerms terms;
    terms.content = content.item<double>();
    terms.style = style.item<double>();
    terms.tv = tv.item<double>();
    terms.total = total.item<double>();
    return terms;
}

} // namespace brushwork
