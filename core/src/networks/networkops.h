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

/// Max or average pooling, as the user chose.
torch::Tensor pool2d(const torch::Tensor& x, Pooling pooling, int kernel, int stride, bool ceilMode);

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
