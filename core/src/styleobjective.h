// SPDX-License-Identifier: GPL-3.0-or-later
// Gatys et al.'s objective at one scale: content, style and smoothness terms
// against targets computed once, evaluated with its gradient.
#pragma once

#include "brushwork/params.h"
#include "featurenetwork.h"
#include "precision.h"

#include <torch/torch.h>

#include <vector>

namespace brushwork {

/// Which layers a run taps and how much each style layer counts.
struct LayerPlan {
    std::vector<int> taps;               ///< layer indices, each once, for one forward pass
    std::vector<int> contentSlots;       ///< positions in `taps`
    std::vector<int> styleSlots;         ///< positions in `taps`
    std::vector<float> styleLayerWeights; ///< one per style slot, summing to 1
};

/// Resolves layer names (the network's defaults where the params name none).
/// Throws Error(Usage) for unknown layers or weights that are all zero.
LayerPlan planLayers(const FeatureNetwork& network, const StyleParams& params);

/// Blend weights for `styleCount` styles, summing to 1 (equal when unset or all zero).
std::vector<float> normalisedBlend(const std::vector<float>& blend, std::size_t styleCount);

struct LossTerms {
    double content = 0; ///< weighted
    double style = 0;
    double tv = 0;
    double total = 0;
};

class StyleObjective {
public:
    /// `content` and each of `styles` are [1,3,H,W] RGB 0..1 on the network's device.
    StyleObjective(const FeatureNetwork& network, const Compute& compute, LayerPlan plan, Pooling pooling,
                   const torch::Tensor& content, const std::vector<torch::Tensor>& styles);

    /// Forward, losses and backward at `image` (a leaf that requires grad);
    /// the gradient is left in image.grad(), which is zeroed first.
    LossTerms evaluate(const torch::Tensor& image, const LossWeights& weights) const;

private:
    /// Activations of the planned taps, with the Gram of each style tap in
    /// `grams` (float32, whatever precision the network runs in).
    std::vector<torch::Tensor> forward(const torch::Tensor& image, std::vector<torch::Tensor>& grams) const;

    const FeatureNetwork& mNetwork;
    Compute mCompute;
    LayerPlan mPlan;
    Pooling mPooling;
    std::vector<bool> mStyleRequest;                      ///< per tap: a style layer
    std::vector<torch::Tensor> mContentTargets;           ///< per content slot
    std::vector<std::vector<torch::Tensor>> mStyleGrams;  ///< [style][style slot]
};

} // namespace brushwork
