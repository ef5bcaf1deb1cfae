// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/faststyle.h"

#include "brushwork/memorybudget.h"
#include "brushwork/printable.h"

#include "brushwork/error.h"
#include "support/cpucores.h"
#include "networks/faststylelayout.h"
#include "formats/safetensors.h"
#include "networks/floattensors.h"
#include "networks/tensorimage.h"
#include "networks/upsampleconv.h"

#include <torch/torch.h>

#include <map>
#include <set>
#include <vector>

namespace brushwork {
namespace {

/// Peak bytes per pixel of one pass: `fast --size 1024` peaked at 923 MB
/// for 873k pixels, about 250 MB of it the process and the network.
constexpr double kFastStyleBytesPerPixel = 1000;

using Weights = std::map<std::string, torch::Tensor>;

// Both networks halve the picture twice and double it twice, so a side that
// is not a multiple of 4 would come back a few pixels off. The smallest side
// keeps the reflection padding of the quarter-size layers (1 pixel, which
// needs 2) possible.
constexpr std::int64_t kMultiple = 4;
constexpr std::int64_t kMinimumSide = 16;

std::int64_t paddedSide(std::int64_t side)
{
    return std::max(kMinimumSide, (side + kMultiple - 1) / kMultiple * kMultiple);
}

/// Per-channel instance norm over H×W with biased variance. group_norm with
/// one group per channel is exactly that, in one fused pass.
torch::Tensor instanceNorm(const torch::Tensor& x, const torch::Tensor& scale, const torch::Tensor& shift, double eps)
{
    return torch::group_norm(x, x.size(1), scale, shift, eps);
}

// --- engstrom-2016: TensorFlow "SAME" zero padding, transposed convolutions.

constexpr double kEngstromEpsilon = 1e-3;

/// Convolution with TensorFlow's "SAME" padding: ceil(n / stride) outputs,
/// the smaller half of the padding before, the larger after.
torch::Tensor sameConv(const torch::Tensor& x, const torch::Tensor& weight, std::int64_t stride)
{
    auto pads = [&](std::int64_t n, std::int64_t k) {
        const std::int64_t out = (n + stride - 1) / stride;
        const std::int64_t total = std::max<std::int64_t>((out - 1) * stride + k - n, 0);
        return std::pair(total / 2, total - total / 2);
    };
    const auto [top, bottom] = pads(x.size(2), weight.size(2));
    const auto [left, right] = pads(x.size(3), weight.size(3));
    // Symmetric padding is left to the convolution, which saves a copy.
    if (top == bottom && left == right)
        return torch::conv2d(x, weight, {}, stride, {top, left});
    return torch::conv2d(torch::constant_pad_nd(x, {left, right, top, bottom}), weight, {}, stride);
}

torch::Tensor engstromNorm(const Weights& w, const std::string& layer, const torch::Tensor& x)
{
    return instanceNorm(x, w.at(layer + ".in_scale"), w.at(layer + ".in_shift"), kEngstromEpsilon);
}

torch::Tensor engstromConv(const Weights& w, const std::string& layer, const torch::Tensor& x, std::int64_t stride)
{
    return engstromNorm(w, layer, sameConv(x, w.at(layer + ".weight"), stride));
}

torch::Tensor engstromForward(const Weights& w, const torch::Tensor& rgb255)
{
    torch::Tensor x = engstromConv(w, "conv1", rgb255, 1).relu_();
    x = engstromConv(w, "conv2", x, 2).relu_();
    x = engstromConv(w, "conv3", x, 2).relu_();
    for (int i = 1; i <= 5; ++i) {
        const std::string block = "res" + std::to_string(i);
        const torch::Tensor inner = engstromConv(w, block + ".1", x, 1).relu_();
        x = x + engstromConv(w, block + ".2", inner, 1);
    }
    for (const char* layer : {"deconv1", "deconv2"}) {
        const std::string name = layer;
        // output = 2 × input, as TensorFlow's conv2d_transpose with "SAME".
        x = torch::conv_transpose2d(x, w.at(name + ".weight"), {}, 2, 1, 1);
        x = engstromNorm(w, name, x).relu_();
    }
    x = engstromConv(w, "conv_out", x, 1);
    return x.tanh_().mul_(150.0).add_(127.5);
}

// --- pytorch-examples: reflection padding, nearest upsampling, biased convolutions.

constexpr double kPytorchEpsilon = 1e-5;

torch::Tensor reflectConv(const Weights& w, const std::string& layer, const torch::Tensor& x, std::int64_t stride)
{
    const torch::Tensor& weight = w.at(layer + ".conv2d.weight");
    const std::int64_t pad = weight.size(2) / 2;
    return torch::conv2d(torch::reflection_pad2d(x, {pad, pad, pad, pad}), weight, w.at(layer + ".conv2d.bias"),
                         stride);
}

torch::Tensor pytorchNorm(const Weights& w, const std::string& norm, const torch::Tensor& x)
{
    return instanceNorm(x, w.at(norm + ".weight"), w.at(norm + ".bias"), kPytorchEpsilon);
}

/// `upsampling`: deconv1 and deconv2, folded.
torch::Tensor pytorchForward(const Weights& w, const std::vector<UpsampleConv>& upsampling, const torch::Tensor& rgb255)
{
    torch::Tensor x = pytorchNorm(w, "in1", reflectConv(w, "conv1", rgb255, 1)).relu_();
    x = pytorchNorm(w, "in2", reflectConv(w, "conv2", x, 2)).relu_();
    x = pytorchNorm(w, "in3", reflectConv(w, "conv3", x, 2)).relu_();
    for (int i = 1; i <= 5; ++i) {
        const std::string block = "res" + std::to_string(i);
        const torch::Tensor inner = pytorchNorm(w, block + ".in1", reflectConv(w, block + ".conv1", x, 1)).relu_();
        x = x + pytorchNorm(w, block + ".in2", reflectConv(w, block + ".conv2", inner, 1));
    }
    x = pytorchNorm(w, "in4", upsampleConv(upsampling[0], x)).relu_();
    x = pytorchNorm(w, "in5", upsampleConv(upsampling[1], x)).relu_();
    return reflectConv(w, "deconv3", x, 1);
}

} // namespace

struct FastStyleNetwork::Impl {
    FastStyleLayout layout;
    std::string style;
    Weights weights;
    std::vector<UpsampleConv> upsampling; ///< pytorch-examples only
};

bool isFastStyleFile(const std::string& path)
{
    try {
        checkLayout(safetensors::readHeader(path), path);
        return true;
    } catch (const Error&) {
        return false;
    }
}

bool mayOfferToUsers(const std::string& path)
{
    const safetensors::Header header = safetensors::readHeader(path);
    return offerable(checkLayout(header, path), printableText(styleNameOf(header, path)));
}

FastStyleNetwork::FastStyleNetwork(const std::string& safetensorsPath)
    : mImpl(std::make_unique<Impl>())
{
    // One pass frees and allocates activations of tens of MB layer after
    // layer; reusing the freed blocks saves the page faults of fresh ones.
    keepLargeAllocations();
    const safetensors::Header header = safetensors::readHeader(safetensorsPath);
    mImpl->layout = checkLayout(header, safetensorsPath);
    mImpl->style = printableText(styleNameOf(header, safetensorsPath));
    std::set<std::string> wanted;
    for (const FastStyleTensor& tensor : layoutTensors(mImpl->layout))
        wanted.insert(tensor.name);
    mImpl->weights = toTensors(
        safetensors::loadTensors(safetensorsPath, [&](const std::string& name) { return wanted.count(name) > 0; }));
    const Weights& w = mImpl->weights;
    if (mImpl->layout == FastStyleLayout::PytorchExamples)
        for (const std::string layer : {"deconv1", "deconv2"})
            mImpl->upsampling.push_back(foldUpsampleConv(w.at(layer + ".conv2d.weight"), w.at(layer + ".conv2d.bias")));
}

FastStyleNetwork::~FastStyleNetwork() = default;
FastStyleNetwork::FastStyleNetwork(FastStyleNetwork&&) noexcept = default;
FastStyleNetwork& FastStyleNetwork::operator=(FastStyleNetwork&&) noexcept = default;

std::string FastStyleNetwork::architecture() const
{
    return layoutName(mImpl->layout);
}

std::string FastStyleNetwork::styleName() const
{
    return mImpl->style;
}

bool FastStyleNetwork::mayOfferToUsers() const
{
    return offerable(mImpl->layout, mImpl->style);
}

std::uint64_t FastStyleNetwork::bytesFor(int width, int height)
{
    return std::uint64_t(double(width) * height * kFastStyleBytesPerPixel);
}

void FastStyleNetwork::requireMemoryFor(int width, int height)
{
    requireMemory("painting " + std::to_string(width) + "×" + std::to_string(height) + " px", bytesFor(width, height),
                  defaultMemoryBudget(false));
}

cv::Mat FastStyleNetwork::apply(const cv::Mat& rgb) const
{
    requireMemoryFor(rgb.cols, rgb.rows);
    const torch::InferenceMode inference;
    const torch::Tensor input = matToTensor(rgb).mul_(255.0);
    const std::int64_t height = input.size(2);
    const std::int64_t width = input.size(3);
    // Repeating the edge pixels keeps the padding out of the picture's
    // statistics as far as possible; it is cropped off again below.
    const torch::Tensor padded =
        torch::replication_pad2d(input, {0, paddedSide(width) - width, 0, paddedSide(height) - height});
    const torch::Tensor out = mImpl->layout == FastStyleLayout::Engstrom2016
                                  ? engstromForward(mImpl->weights, padded)
                                  : pytorchForward(mImpl->weights, mImpl->upsampling, padded);
    return tensorToMat(out.slice(2, 0, height).slice(3, 0, width).div(255.0));
}

cv::Mat transferStyle(const cv::Mat& content, const std::string& modelPath)
{
    return FastStyleNetwork(modelPath).apply(content);
}

} // namespace brushwork
