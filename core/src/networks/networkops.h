// SPDX-License-Identifier: GPL-3.0-or-later
// Pieces every feature network's forward pass shares.
#pragma once

#include "brushwork/params.h"
#include "networks/featurenetwork.h"

#include <torch/torch.h>

#include <vector>

namespace brushwork {

/// The network's input laid out channels-last, so that every activation
/// after it is too: LibTorch's CPU max pooling is about 15 times faster on
/// that layout (5 ms against 68-79 ms for SqueezeNet's first pool at
/// 512 px), and oneDNN's convolutions reorder nothing.
torch::Tensor channelsLast(const torch::Tensor& x);

/// `x` with `before` pixels of the far edge before it and `after` of the
/// near edge after it, in height and width (the picture as a torus), laid
/// out as `x` is.
torch::Tensor wrapPad(const torch::Tensor& x, int before, int after);

/// A stride-1 convolution that keeps the size: `padding` pixels around of
/// zeros, or with Edges::Wrap of the opposite edge.
torch::Tensor conv2dKeepingSize(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                                int padding, Edges edges);

/// Max or average pooling, as the user chose. With Edges::Wrap the last
/// windows reach round to the first rows and columns instead of ending at
/// the edge (ceilMode) or leaving it out.
torch::Tensor pool2d(const torch::Tensor& x, Pooling pooling, int kernel, int stride, bool ceilMode,
                     Edges edges = Edges::Zero);

/// Gathers the activations of requested layers during one forward pass and
/// returns them in the order they were requested. Every layer's output
/// passes through offer(), which is where a cancelled pass stops.
class TapCollector {
public:
    TapCollector(const std::vector<int>& layers, TapHook hook, CancelCheck cancelled = {});

    int deepest() const { return mDeepest; }
    bool wants(int layer) const;
    /// Keeps `activation` if `layer` was requested; returns what the forward
    /// pass continues with (the hook's answer, or the activation itself).
    /// Throws ForwardCancelled when the pass is to stop.
    torch::Tensor offer(int layer, const torch::Tensor& activation);
    std::vector<torch::Tensor> take() { return std::move(mTaps); }

private:
    std::vector<int> mLayers;
    std::vector<torch::Tensor> mTaps;
    TapHook mHook;
    CancelCheck mCancelled;
    int mDeepest = -1;
};

} // namespace brushwork
