// SPDX-License-Identifier: GPL-3.0-or-later
// Gatys et al.'s objective at one scale: content, style and smoothness terms
// against targets computed once, evaluated with its gradient.
#pragma once

#include "brushwork/params.h"
#include "networks/featurenetwork.h"
#include "optimize/precision.h"
#include "optimize/regionguides.h"

#include <torch/torch.h>

#include <functional>

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

/// The Gram matrices a run aims for: [style][style slot], float32.
using StyleTargets = std::vector<std::vector<torch::Tensor>>;

/// Grams of each of `styles` ([1,3,H,W] RGB 0..1 on the network's device).
/// With `tileSide` > 0 a style picture larger than that is seen tile by tile
/// (each with context around it, only its core counted), so the Grams are
/// the whole picture's without its activations in memory at once.
/// `cancelled`, when given, is asked between every two layers of every
/// forward pass; once it says yes the targets are incomplete and the caller stops.
StyleTargets computeStyleTargets(const FeatureNetwork& network, const Compute& compute, const LayerPlan& plan,
                                 Pooling pooling, const std::vector<torch::Tensor>& styles, int tileSide = 0,
                                 const CancelCheck& cancelled = {});

class StyleObjective {
public:
    /// `content` is [1,3,H,W] RGB 0..1 on the network's device. Its forward
    /// passes (the content targets here, and every evaluation) throw
    /// ForwardCancelled between layers once `cancelled` says so. `frame`
    /// places the content in the picture the weights' regions cover.
    StyleObjective(const FeatureNetwork& network, const Compute& compute, LayerPlan plan, Pooling pooling,
                   const torch::Tensor& content, StyleTargets styleTargets, CancelCheck cancelled = {},
                   CanvasFrame frame = {});

    /// Forward, losses and backward at `image` (a leaf that requires grad);
    /// the gradient is left in image.grad(), which is zeroed first. Regions
    /// in `weights` that differ from the last evaluation's take effect here.
    LossTerms evaluate(const torch::Tensor& image, const LossWeights& weights) const;

    /// A weighted term of the picture (a scalar with its graph) added to
    /// the total of every evaluation, e.g. a clip's temporal term.
    using ExtraTerm = std::function<torch::Tensor(const torch::Tensor& image)>;
    void addTerm(ExtraTerm term) { mExtraTerms.push_back(std::move(term)); }

private:
    /// The blend of the style targets at each style slot, with its mean
    /// square, made again only when the blend changes.
    void blendTargets(const std::vector<float>& blend) const;

    const FeatureNetwork& mNetwork;
    Compute mCompute;
    LayerPlan mPlan;
    Pooling mPooling;
    std::vector<torch::Tensor> mContentTargets; ///< per content slot
    StyleTargets mStyleGrams;
    std::vector<std::vector<double>> mStyleMeanSquares; ///< mean(Gram^2) of each, for the relative error
    mutable std::vector<float> mBlend;
    mutable std::vector<torch::Tensor> mBlendedGrams;
    mutable std::vector<double> mBlendedMeanSquares;
    CancelCheck mCancelled;
    torch::Tensor mContent;
    CanvasFrame mFrame;
    // The regions last evaluated and their guides: made again only when
    // the user edits the regions.
    mutable std::vector<Region> mRegions;
    mutable RegionGuides mGuides;
    std::vector<ExtraTerm> mExtraTerms;
};

} // namespace brushwork
