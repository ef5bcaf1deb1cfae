// SPDX-License-Identifier: GPL-3.0-or-later
// The terms of Gatys et al.'s objective. Content and style terms are relative
// errors (divided by the target's mean square), so a weight means the same
// for every layer, network and picture size.
#pragma once

#include <torch/torch.h>

namespace brushwork {

/// F F^T of [1,C,H,W] activations, unnormalised: [C,C]. Reads
/// channels-last activations without a copy.
torch::Tensor gramProduct(const torch::Tensor& features);

/// Gram matrix of [1,C,H,W] activations, normalised by C*H*W: [C,C].
torch::Tensor gramMatrix(const torch::Tensor& features);

struct GramTapResult {
    torch::Tensor passThrough; ///< the activations, for the rest of the forward pass
    torch::Tensor gram;        ///< as gramMatrix()
};

/// gramMatrix() for activations the forward pass goes on with: continuing
/// with `passThrough` lets the backward pass fuse the Gram's gradient into
/// the network's (same gradients, one pass over the activations fewer).
GramTapResult gramTap(const torch::Tensor& features);

/// Where a guide (a region's share, brought down to one layer's grid) counts:
/// the positions, row-major over H*W, where it is above zero, and its weight
/// at each.
struct GuideRows {
    torch::Tensor positions; ///< int64 [n]
    torch::Tensor weights;   ///< float32 [n], > 0
    double squaredMass = 0;  ///< sum of weights^2
    /// How many of the first rows have weight 1: theirs are read as they are.
    std::int64_t whole = 0;
};

struct GuidedGramTapResult {
    torch::Tensor passThrough;       ///< as GramTapResult
    std::vector<torch::Tensor> grams; ///< one per guide: of the features weighted by it, over C * its squared mass
};

/// gramTap() once per guide (Gatys et al. 2017): each Gram is of the
/// features weighted by the guide, normalised by the guide's mass, so a
/// region's Gram compares with a whole painting's. Only a guide's own
/// positions are read, so guides that split the picture cost one Gram
/// between them.
GuidedGramTapResult guidedGramTap(const torch::Tensor& features, const std::vector<GuideRows>& guides);

/// mean((x - target)^2) / mean(target^2); 0 when x equals the target.
torch::Tensor relativeError(const torch::Tensor& x, const torch::Tensor& target);

/// relativeError() with mean(target^2) given: for a target that several
/// terms compare with, or that is the same every evaluation.
torch::Tensor relativeError(const torch::Tensor& x, const torch::Tensor& target, const torch::Tensor& targetMeanSquare);

/// Total variation of a [1,3,H,W] picture: the mean squared difference of
/// vertical neighbours plus that of horizontal neighbours. `wrap`: the
/// last row and column neighbour the first (the picture as a torus).
torch::Tensor totalVariation(const torch::Tensor& image, bool wrap = false);

} // namespace brushwork
