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

/// One guide's positions at one layer, as RegionGuides finds them: where
/// a region's share, brought down to the layer's grid, counts.
struct GuideRows {
    torch::Tensor positions; ///< int64 [n], row-major over H*W
    torch::Tensor weights;   ///< float32 [n], > 0
    double squaredMass = 0;  ///< sum of weights^2
    /// How many of the first rows have weight 1: theirs are read as they are.
    std::int64_t whole = 0;
};

/// Where one guide's rows lie in GuideLayout::order.
struct GuideSpan {
    std::int64_t offset = 0;
    std::int64_t count = 0;
    std::int64_t whole = 0; ///< as GuideRows::whole
    double squaredMass = 0;
};

/// Every guide of one layer laid out for one gather of the activations:
/// a guide's rows are read with its neighbours' in one pass, and their
/// gradients sent back with one gather instead of a scatter that adds.
struct GuideLayout {
    torch::Tensor order;            ///< int64 [N]: the guides' positions, guide after guide
    torch::Tensor weights;          ///< float32 [N]
    torch::Tensor firstEntry;       ///< int64 [H*W]: each position's first entry in `order`; N where none
    torch::Tensor repeatEntries;    ///< int64 [m]: entries of positions an earlier guide has too
    torch::Tensor repeatPositions;  ///< int64 [m]: their positions
    std::vector<GuideSpan> guides;
};

/// `guides` over a layer of `positions` positions, laid out.
GuideLayout layOutGuides(const std::vector<GuideRows>& guides, std::int64_t positions);

/// What one guide's Gram at a layer is held to: the term is
/// `weight` * relativeError(Gram, target).
struct GramAim {
    torch::Tensor target;         ///< float32 [C,C], symmetric (a Gram, or a blend of them)
    double targetMeanSquare = 0;  ///< mean(target^2)
    double weight = 0;
};

struct StyleTapResult {
    torch::Tensor passThrough; ///< the activations, for the rest of the forward pass
    torch::Tensor loss;        ///< float32 scalar: the sum of the guides' terms
};

/// One layer's style terms as one autograd op. Without a `layout`, one
/// term: the Gram of the activations (as gramMatrix()) against aims[0].
/// With one, a term per guide (Gatys et al. 2017): the Gram of the
/// activations weighted by the guide over C * its squared mass, so a
/// region's Gram compares with a whole painting's, against the guide's aim.
/// Continuing with `passThrough` lets the backward add each term's gradient
/// into the network's in one matrix product: as separate ops, the Grams'
/// normalisation, differences, squares and means cost a pass each way over
/// every Gram, per guide, and autograd's mm backward two products.
StyleTapResult styleTap(const torch::Tensor& features, const std::vector<GramAim>& aims,
                        const GuideLayout* layout = nullptr);

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
