// SPDX-License-Identifier: GPL-3.0-or-later
#include "networks/networkops.h"

#include <algorithm>

namespace brushwork {

torch::Tensor channelsLast(const torch::Tensor& x)
{
    return x.contiguous(torch::MemoryFormat::ChannelsLast);
}

torch::Tensor pool2d(const torch::Tensor& x, Pooling pooling, int kernel, int stride, bool ceilMode)
{
    if (pooling == Pooling::Average)
        return torch::avg_pool2d(x, kernel, stride, 0, ceilMode);
    return torch::max_pool2d(x, kernel, stride, 0, 1, ceilMode);
}

TapCollector::TapCollector(const std::vector<int>& layers, TapHook hook, CancelCheck cancelled)
    : mLayers(layers)
    , mTaps(layers.size())
    , mHook(std::move(hook))
    , mCancelled(std::move(cancelled))
{
    if (!layers.empty())
        mDeepest = *std::max_element(layers.begin(), layers.end());
}

bool TapCollector::wants(int layer) const
{
    return std::find(mLayers.begin(), mLayers.end(), layer) != mLayers.end();
}

torch::Tensor TapCollector::offer(int layer, const torch::Tensor& activation)
{
    if (mCancelled && mCancelled())
        throw ForwardCancelled{};
    torch::Tensor next = activation;
    for (std::size_t i = 0; i < mLayers.size(); ++i)
        if (mLayers[i] == layer) {
            mTaps[i] = activation;
            if (mHook)
                next = mHook(i, next);
        }
    return next;
}

} // namespace brushwork
