// SPDX-License-Identifier: GPL-3.0-or-later
#include "networks/networkops.h"

#include <algorithm>

namespace brushwork {

torch::Tensor channelsLast(const torch::Tensor& x)
{
    return x.contiguous(torch::MemoryFormat::ChannelsLast);
}

torch::Tensor wrapPad(const torch::Tensor& x, int before, int after)
{
    if (before == 0 && after == 0)
        return x;
    const std::int64_t height = x.size(2);
    const std::int64_t width = x.size(3);
    // torch::cat keeps a channels-last layout (circular padding would not)
    // when every part has it: an empty part would count as contiguous.
    auto wrapped = [&](const torch::Tensor& t, std::int64_t dim, std::int64_t size) {
        std::vector<torch::Tensor> parts;
        if (before > 0)
            parts.push_back(t.narrow(dim, size - before, before));
        parts.push_back(t);
        if (after > 0)
            parts.push_back(t.narrow(dim, 0, after));
        return torch::cat(parts, dim);
    };
    return wrapped(wrapped(x, 2, height), 3, width);
}

torch::Tensor conv2dKeepingSize(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                                int padding, Edges edges)
{
    if (edges == Edges::Wrap)
        return torch::conv2d(wrapPad(x, padding, padding), weight, bias);
    return torch::conv2d(x, weight, bias, 1, padding);
}

torch::Tensor pool2d(const torch::Tensor& x, Pooling pooling, int kernel, int stride, bool ceilMode, Edges edges)
{
    if (edges == Edges::Wrap) {
        const torch::Tensor wrapped = wrapPad(x, 0, kernel - stride);
        return pooling == Pooling::Average ? torch::avg_pool2d(wrapped, kernel, stride)
                                           : torch::max_pool2d(wrapped, kernel, stride);
    }
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
