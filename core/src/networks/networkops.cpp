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

// Max pooling on a torus without a padded copy. The pool of the picture
// as it is (ceil mode) has every window the torus has; only the last ones
// in each dimension stop at the edge. Those are pooled again from thin
// wrapped strips, and their argmax written back as positions in the
// picture, so LibTorch's own backward sends every gradient where it came
// from. Padding instead copies the whole input (96-512 channels) forward
// and its gradient back.
struct WrappedMaxPool : torch::autograd::Function<WrappedMaxPool> {
    static torch::Tensor forward(torch::autograd::AutogradContext* context, const torch::Tensor& x,
                                 std::int64_t kernel, std::int64_t stride)
    {
        auto [pooled, indices] = torch::max_pool2d_with_indices(x, kernel, stride, 0, 1, true);
        const std::int64_t height = x.size(2);
        const std::int64_t width = x.size(3);
        const auto options = torch::TensorOptions().dtype(torch::kLong).device(x.device());
        // Picture rows (or columns) from `first` on, round the edge, `count` of them.
        auto wrapped = [&](std::int64_t first, std::int64_t count, std::int64_t size) {
            return torch::arange(first, first + count, options).remainder(size);
        };
        // The same rows of `t` in `dim`, copied in at most two runs.
        auto wrappedSlice = [](const torch::Tensor& t, int dim, std::int64_t first, std::int64_t count) {
            const std::int64_t size = t.size(dim);
            first %= size;
            if (first + count <= size)
                return t.narrow(dim, first, count);
            return torch::cat({t.narrow(dim, first, size - first), t.narrow(dim, 0, first + count - size)}, dim);
        };
        // Outputs from `from` on in `dim` reach past the edge.
        auto repool = [&](int dim, std::int64_t from) {
            const std::int64_t outputs = pooled.size(dim);
            if (from >= outputs)
                return;
            const int other = dim == 2 ? 3 : 2;
            const std::int64_t first = stride * from;
            const std::int64_t span = stride * (outputs - from - 1) + kernel;
            const std::int64_t length = stride * (pooled.size(other) - 1) + kernel;
            // The thin dimension first: the other then copies only the strip.
            const torch::Tensor strip = wrappedSlice(wrappedSlice(x, dim, first, span), other, 0, length);
            auto [values, at] = torch::max_pool2d_with_indices(strip, kernel, stride);
            const torch::Tensor across = wrapped(first, span, x.size(dim));
            const torch::Tensor along = wrapped(0, length, x.size(other));
            const torch::Tensor rowIndex = dim == 2 ? across : along;
            const torch::Tensor columnIndex = dim == 2 ? along : across;
            const torch::Tensor inPicture = rowIndex.index_select(0, at.div(strip.size(3), "floor").flatten()) * width +
                                            columnIndex.index_select(0, at.remainder(strip.size(3)).flatten());
            pooled.narrow(dim, from, outputs - from).copy_(values);
            indices.narrow(dim, from, outputs - from).copy_(inPicture.view_as(at));
        };
        repool(2, (height - kernel) / stride + 1);
        repool(3, (width - kernel) / stride + 1);
        context->save_for_backward({x, indices});
        context->saved_data["kernel"] = kernel;
        context->saved_data["stride"] = stride;
        return pooled;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* context,
                                                   torch::autograd::variable_list gradients)
    {
        const torch::autograd::variable_list saved = context->get_saved_variables();
        const std::int64_t kernel = context->saved_data["kernel"].toInt();
        const std::int64_t stride = context->saved_data["stride"].toInt();
        return {torch::max_pool2d_with_indices_backward(gradients[0], saved[0], {kernel, kernel}, {stride, stride},
                                                         {0, 0}, {1, 1}, true, saved[1]),
                torch::Tensor(), torch::Tensor()};
    }
};

// Whether the pool of the picture as it is (ceil mode) has as many windows
// as the torus: one per `stride` pixels.
bool ceilPoolWraps(std::int64_t size, int kernel, int stride)
{
    return size >= kernel && (size - kernel + stride - 1) / stride + 1 == size / stride;
}

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
    if (edges == Edges::Wrap && pooling == Pooling::Max && kernel > stride &&
        ceilPoolWraps(x.size(2), kernel, stride) && ceilPoolWraps(x.size(3), kernel, stride))
        return WrappedMaxPool::apply(x, std::int64_t(kernel), std::int64_t(stride));
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
