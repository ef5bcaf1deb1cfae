// SPDX-License-Identifier: GPL-3.0-or-later
#include "networks/upsampleconv.h"

#include "networks/networkops.h"

#include <vector>

namespace brushwork {
namespace {

/// The two taps along `dim` of a 3-tap kernel for even (window starting one
/// small pixel before) or odd (window starting at the pixel) output positions.
torch::Tensor foldAxis(const torch::Tensor& kernel, std::int64_t dim, bool odd)
{
    const torch::Tensor k0 = kernel.select(dim, 0), k1 = kernel.select(dim, 1), k2 = kernel.select(dim, 2);
    return odd ? torch::stack({k0 + k1, k2}, dim) : torch::stack({k0, k1 + k2}, dim);
}

} // namespace

UpsampleConv foldUpsampleConv(const torch::Tensor& weight, const torch::Tensor& bias)
{
    std::vector<torch::Tensor> kernels;
    for (bool oddRow : {false, true})
        for (bool oddColumn : {false, true})
            kernels.push_back(foldAxis(foldAxis(weight, 2, oddRow), 3, oddColumn));
    return {torch::cat(kernels, 0).contiguous(), bias.repeat({4}), weight.size(0)};
}

torch::Tensor upsampleConv(const UpsampleConv& folded, const torch::Tensor& x, Edges edges)
{
    const std::int64_t c = folded.outChannels, h = x.size(2), w = x.size(3);
    // One convolution for all four parities, at (h+1)×(w+1) window positions:
    // even outputs use the window at the pixel's own index, odd ones the next.
    const torch::Tensor all = torch::conv2d(edges == Edges::Wrap ? wrapPad(x, 1, 1) : torch::replication_pad2d(x, {1, 1, 1, 1}),
                                            folded.weight, folded.bias);
    std::vector<torch::Tensor> parities;
    for (std::int64_t row : {0, 1})
        for (std::int64_t column : {0, 1}) {
            const std::int64_t index = row * 2 + column;
            parities.push_back(
                all.slice(1, index * c, (index + 1) * c).slice(2, row, row + h).slice(3, column, column + w));
        }
    // [parity row, parity column, C, h, w] -> [C, h, parity row, w, parity column]
    return torch::stack(parities, 1)
        .view({x.size(0), 2, 2, c, h, w})
        .permute({0, 3, 4, 1, 5, 2})
        .reshape({x.size(0), c, 2 * h, 2 * w});
}

} // namespace brushwork
