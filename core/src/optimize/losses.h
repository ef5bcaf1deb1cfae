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

/// mean((x - target)^2) / mean(target^2); 0 when x equals the target.
torch::Tensor relativeError(const torch::Tensor& x, const torch::Tensor& target);

/// Total variation of a [1,3,H,W] picture: the mean squared difference of
/// vertical neighbours plus that of horizontal neighbours.
torch::Tensor totalVariation(const torch::Tensor& image);

} // namespace brushwork
