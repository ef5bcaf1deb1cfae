// SPDX-License-Identifier: GPL-3.0-or-later
#include "networks/networkops.h"

#include <algorithm>

namespace brushwork {

torch::Tensor channelsLast(const torch::Tensor& x)
{
    return x.contiguous(torch::MemoryFormat::ChannelsLast);
}

namespace {

/// One of the three bands of a wrapped dimension: `length` rows (or
/// columns) at `at` in the padded tensor, copied from `from` in the picture.
struct Band {
    std::int64_t at;
    std::int64_t from;
    std::int64_t length;
};

std::vector<Band> wrappedBands(std::int64_t size, std::int64_t before, std::int64_t after)
{
    std::vector<Band> bands;
    if (before > 0)
        bands.push_back({0, size - before, before});
    bands.push_back({before, 0, size});
    if (after > 0)
        bands.push_back({before + size, 0, after});
    return bands;
}

// The padded tensor written block by block into one allocation. Two
// torch::cat (one per dimension) copied the picture twice forward, and
// backward filled a zero copy of the whole picture for every edge strip and
// added them up: seamless evaluations cost 1.2-1.3 times plain ones. Here
// the gradient is the middle block with the eight edge blocks added back
// where they came from.
struct WrapPad : torch::autograd::Function<WrapPad> {
    static torch::Tensor forward(torch::autograd::AutogradContext* context, const torch::Tensor& x,
                                 std::int64_t before, std::int64_t after)
    {
        context->saved_data["before"] = before;
        context->saved_data["after"] = after;
        context->saved_data["channelsLast"] = x.suggest_memory_format() == torch::MemoryFormat::ChannelsLast;
        const std::int64_t height = x.size(2);
        const std::int64_t width = x.size(3);
        const torch::Tensor padded =
            torch::empty({x.size(0), x.size(1), height + before + after, width + before + after},
                         x.options().memory_format(x.suggest_memory_format()));
        for (const Band& rows : wrappedBands(height, before, after))
            for (const Band& columns : wrappedBands(width, before, after))
                padded.narrow(2, rows.at, rows.length)
                    .narrow(3, columns.at, columns.length)
                    .copy_(x.narrow(2, rows.from, rows.length).narrow(3, columns.from, columns.length));
        return padded;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* context,
                                                   torch::autograd::variable_list gradients)
    {
        const torch::Tensor& padded = gradients[0];
        const std::int64_t before = context->saved_data["before"].toInt();
        const std::int64_t after = context->saved_data["after"].toInt();
        const std::int64_t height = padded.size(2) - before - after;
        const std::int64_t width = padded.size(3) - before - after;
        // Laid out as the picture was, whatever the layer after did.
        const torch::Tensor gradient = torch::empty(
            {padded.size(0), padded.size(1), height, width},
            padded.options().memory_format(context->saved_data["channelsLast"].toBool()
                                               ? torch::MemoryFormat::ChannelsLast
                                               : torch::MemoryFormat::Contiguous));
        gradient.copy_(padded.narrow(2, before, height).narrow(3, before, width));
        for (const Band& rows : wrappedBands(height, before, after))
            for (const Band& columns : wrappedBands(width, before, after))
                if (rows.at != before || columns.at != before)
                    gradient.narrow(2, rows.from, rows.length)
                        .narrow(3, columns.from, columns.length)
                        .add_(padded.narrow(2, rows.at, rows.length).narrow(3, columns.at, columns.length));
        return {gradient, torch::Tensor(), torch::Tensor()};
    }
};

} // namespace

torch::Tensor wrapPad(const torch::Tensor& x, int before, int after)
{
    if (before == 0 && after == 0)
        return x;
    return WrapPad::apply(x, std::int64_t(before), std::int64_t(after));
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
