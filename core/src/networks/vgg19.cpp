// SPDX-License-Identifier: GPL-3.0-or-later
#include "networks/vgg19.h"

#include "networks/networkops.h"

namespace brushwork {
namespace {

// Output channels of each convolution, block by block; a pool ends each block.
const std::vector<std::vector<std::int64_t>> kBlocks = {
    {64, 64}, {128, 128}, {256, 256, 256, 256}, {512, 512, 512, 512}, {512, 512, 512, 512}};

// torchvision numbers every module of `features` (convs, ReLUs, pools) in order.
std::vector<int> torchvisionConvIndices()
{
    std::vector<int> indices;
    int index = 0;
    for (const auto& block : kBlocks) {
        for (std::size_t i = 0; i < block.size(); ++i, index += 2)
            indices.push_back(index);
        ++index;
    }
    return indices;
}

} // namespace

std::vector<ParameterShape> Vgg19::parameterShapes()
{
    std::vector<ParameterShape> shapes;
    const std::vector<int> indices = torchvisionConvIndices();
    std::int64_t in = 3;
    std::size_t conv = 0;
    for (const auto& block : kBlocks)
        for (std::int64_t out : block) {
            const std::string prefix = "features." + std::to_string(indices[conv++]);
            shapes.push_back({prefix + ".weight", {out, in, 3, 3}});
            shapes.push_back({prefix + ".bias", {out}});
            in = out;
        }
    return shapes;
}

Vgg19::Vgg19(const std::map<std::string, torch::Tensor>& tensors)
    : mMean(torch::tensor({0.485f, 0.456f, 0.406f}).view({1, 3, 1, 1}))
    , mStd(torch::tensor({0.229f, 0.224f, 0.225f}).view({1, 3, 1, 1}))
{
    const std::vector<int> indices = torchvisionConvIndices();
    std::size_t conv = 0;
    for (std::size_t b = 0; b < kBlocks.size(); ++b) {
        const std::string block = std::to_string(b + 1);
        for (std::size_t i = 0; i < kBlocks[b].size(); ++i) {
            const std::string prefix = "features." + std::to_string(indices[conv]);
            mWeights.push_back(tensors.at(prefix + ".weight"));
            mBiases.push_back(tensors.at(prefix + ".bias"));
            const std::string suffix = block + "_" + std::to_string(i + 1);
            mNames.push_back("conv" + suffix);
            mLayers.push_back({Op::Conv, int(conv)});
            mNames.push_back("relu" + suffix);
            mLayers.push_back({Op::Relu});
            ++conv;
        }
        mNames.push_back("pool" + block);
        mLayers.push_back({Op::Pool});
    }
}

std::vector<std::string> Vgg19::defaultContentLayers() const
{
    return {"relu4_2"};
}

std::vector<LayerWeight> Vgg19::defaultStyleLayers() const
{
    return {{"relu1_1", 1}, {"relu2_1", 1}, {"relu3_1", 1}, {"relu4_1", 1}, {"relu5_1", 1}};
}

std::vector<torch::Tensor> Vgg19::features(const torch::Tensor& rgb, const std::vector<int>& layers,
                                           Pooling pooling, const TapHook& hook,
                                           const CancelCheck& cancelled, Edges edges) const
{
    TapCollector taps(layers, hook, cancelled);
    torch::Tensor x = channelsLast((rgb - mMean) / mStd);
    for (int i = 0; i <= taps.deepest(); ++i) {
        const Layer& layer = mLayers[i];
        switch (layer.op) {
        case Op::Conv:
            x = conv2dKeepingSize(x, mWeights[layer.conv], mBiases[layer.conv], 1, edges);
            break;
        case Op::Relu:
            // In place unless the convolution's raw output was asked for.
            x = taps.wants(i - 1) ? torch::relu(x) : x.relu_();
            break;
        case Op::Pool:
            x = pool2d(x, pooling, 2, 2, false, edges);
            break;
        }
        x = taps.offer(i, x);
    }
    return taps.take();
}

void Vgg19::to(torch::Device device, torch::ScalarType weightType)
{
    for (auto& w : mWeights)
        w = w.to(device, weightType);
    for (auto& b : mBiases)
        b = b.to(device, weightType);
    mMean = mMean.to(device);
    mStd = mStd.to(device);
}

} // namespace brushwork
