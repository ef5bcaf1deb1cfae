// SPDX-License-Identifier: GPL-3.0-or-later
#include "networks/stylepredictor.h"

#include "networks/tflitetensors.h"

namespace brushwork {
namespace {

struct BlockShape {
    std::int64_t in, out, stride;
};

// MobileNetV2's inverted residual blocks expanded_conv_1 … _16, expansion 6.
constexpr BlockShape kBlocks[] = {{16, 24, 2},  {24, 24, 1},  {24, 32, 2},  {32, 32, 1},   {32, 32, 1},   {32, 64, 2},
                                  {64, 64, 1},  {64, 64, 1},  {64, 64, 1},  {64, 96, 1},   {96, 96, 1},   {96, 96, 1},
                                  {96, 160, 2}, {160, 160, 1}, {160, 160, 1}, {160, 320, 1}};
constexpr std::int64_t kExpansion = 6;

/// TensorFlow's "SAME" padding: ceil(n / stride) outputs, the smaller half of
/// the padding before and the larger after (stride 2 on an even side pads
/// only the bottom and right).
torch::Tensor samePad(const torch::Tensor& x, std::int64_t kernel, std::int64_t stride)
{
    auto pads = [&](std::int64_t n) {
        const std::int64_t out = (n + stride - 1) / stride;
        const std::int64_t total = std::max<std::int64_t>((out - 1) * stride + kernel - n, 0);
        return std::pair(total / 2, total - total / 2);
    };
    const auto [top, bottom] = pads(x.size(2));
    const auto [left, right] = pads(x.size(3));
    return torch::constant_pad_nd(x, {left, right, top, bottom});
}

torch::Tensor clampRelu6(torch::Tensor x)
{
    return x.clamp_(0.0, 6.0);
}

} // namespace

StylePredictor::StylePredictor(const tflite::Model& model)
{
    auto conv = [&](const std::string& prefix, std::int64_t out, std::int64_t in, std::int64_t side) {
        return Conv{convKernel(model, prefix + "/weights", out, in, side),
                    vectorTensor(model, prefix + "/Conv2D_bias", out)};
    };
    auto depthwise = [&](const std::string& prefix, std::int64_t channels) {
        return Conv{depthwiseKernel(model, prefix + "/depthwise_weights", channels),
                    vectorTensor(model, prefix + "/depthwise_bias", channels)};
    };
    mStem = conv("MobilenetV2/Conv", 32, 3, 3);
    Block first;
    first.depthwise = depthwise("MobilenetV2/expanded_conv/depthwise", 32);
    first.project = conv("MobilenetV2/expanded_conv/project", 16, 32, 1);
    mBlocks.push_back(first);
    int index = 1;
    for (const BlockShape& shape : kBlocks) {
        const std::string prefix = "MobilenetV2/expanded_conv_" + std::to_string(index++);
        const std::int64_t hidden = shape.in * kExpansion;
        Block block;
        block.expand = conv(prefix + "/expand", hidden, shape.in, 1);
        block.depthwise = depthwise(prefix + "/depthwise", hidden);
        block.project = conv(prefix + "/project", shape.out, hidden, 1);
        block.stride = shape.stride;
        block.residual = shape.stride == 1 && shape.in == shape.out;
        mBlocks.push_back(block);
    }
    mHead = conv("MobilenetV2/Conv_1", 1280, 320, 1);
    mBottleneck = conv("mobilenet_conv/Conv", kStyleSize, 1280, 1);
}

void StylePredictor::to(torch::Device device)
{
    auto move = [&](Conv& conv) {
        if (conv.weight.defined())
            conv = {conv.weight.to(device), conv.bias.to(device)};
    };
    move(mStem);
    for (Block& block : mBlocks)
        for (Conv* conv : {&block.expand, &block.depthwise, &block.project})
            move(*conv);
    move(mHead);
    move(mBottleneck);
}

torch::Tensor StylePredictor::predict(const torch::Tensor& rgb) const
{
    torch::Tensor x = clampRelu6(torch::conv2d(samePad(rgb, 3, 2), mStem.weight, mStem.bias, 2));
    for (const Block& block : mBlocks) {
        torch::Tensor h = x;
        if (block.expand.weight.defined())
            h = clampRelu6(torch::conv2d(h, block.expand.weight, block.expand.bias));
        const std::int64_t channels = h.size(1);
        const std::int64_t padding = 0, dilation = 1;
        h = clampRelu6(torch::conv2d(samePad(h, 3, block.stride), block.depthwise.weight, block.depthwise.bias,
                                     block.stride, padding, dilation, channels));
        h = torch::conv2d(h, block.project.weight, block.project.bias);
        x = block.residual ? x + h : h;
    }
    x = clampRelu6(torch::conv2d(x, mHead.weight, mHead.bias));
    x = x.mean({2, 3}, true);
    return torch::conv2d(x, mBottleneck.weight, mBottleneck.bias).flatten();
}

} // namespace brushwork
