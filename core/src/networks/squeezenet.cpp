// SPDX-License-Identifier: GPL-3.0-or-later
#include "networks/squeezenet.h"

#include "networks/networkops.h"

namespace brushwork {
namespace {

struct FireShape {
    int index;              ///< torchvision index inside `features`
    std::int64_t in, squeeze, expand;
};

const std::vector<FireShape> kFires = {{3, 96, 16, 64},   {4, 128, 16, 64},  {5, 128, 32, 128},
                                       {7, 256, 32, 128}, {8, 256, 48, 192}, {9, 384, 48, 192},
                                       {10, 384, 64, 256}, {12, 512, 64, 256}};

// Where the three max pools sit: after conv1 and after the fires at features 5 and 10.
bool poolFollows(int torchvisionIndex)
{
    return torchvisionIndex == 5 || torchvisionIndex == 10;
}

void addConvShapes(std::vector<ParameterShape>& shapes, const std::string& prefix,
                   std::vector<std::int64_t> weightShape)
{
    const std::int64_t out = weightShape[0];
    shapes.push_back({prefix + ".weight", std::move(weightShape)});
    shapes.push_back({prefix + ".bias", {out}});
}

} // namespace

std::vector<ParameterShape> SqueezeNet::parameterShapes()
{
    std::vector<ParameterShape> shapes;
    addConvShapes(shapes, "features.0", {96, 3, 7, 7});
    for (const FireShape& f : kFires) {
        const std::string prefix = "features." + std::to_string(f.index);
        addConvShapes(shapes, prefix + ".squeeze", {f.squeeze, f.in, 1, 1});
        addConvShapes(shapes, prefix + ".expand1x1", {f.expand, f.squeeze, 1, 1});
        addConvShapes(shapes, prefix + ".expand3x3", {f.expand, f.squeeze, 3, 3});
    }
    return shapes;
}

SqueezeNet::SqueezeNet(const std::map<std::string, torch::Tensor>& tensors)
    : mConv1{tensors.at("features.0.weight"), tensors.at("features.0.bias")}
    , mMean(torch::tensor({104.0f, 117.0f, 123.0f}).view({1, 3, 1, 1}))
{
    auto conv = [&](const std::string& prefix) {
        return Conv{tensors.at(prefix + ".weight"), tensors.at(prefix + ".bias")};
    };
    mNames = {"conv1", "relu1", "pool1"};
    mLayers = {{Op::Conv1}, {Op::Relu1}, {Op::Pool}};
    // SqueezeNet's paper numbers the fire modules 2..9 and names pools after
    // the module they follow.
    int number = 2;
    for (const FireShape& f : kFires) {
        const std::string prefix = "features." + std::to_string(f.index);
        mFires.push_back({conv(prefix + ".squeeze"), conv(prefix + ".expand1x1"), conv(prefix + ".expand3x3")});
        mNames.push_back("fire" + std::to_string(number));
        mLayers.push_back({Op::Fire, int(mFires.size()) - 1});
        if (poolFollows(f.index)) {
            mNames.push_back("pool" + std::to_string(number));
            mLayers.push_back({Op::Pool});
        }
        ++number;
    }
}

std::vector<std::string> SqueezeNet::defaultContentLayers() const
{
    return {"fire6"};
}

std::vector<LayerWeight> SqueezeNet::defaultStyleLayers() const
{
    return {{"relu1", 1}, {"fire2", 1}, {"fire4", 1}, {"fire6", 1}, {"fire8", 1}, {"fire9", 1}};
}

torch::Tensor SqueezeNet::fire(const torch::Tensor& x, const Fire& module, Edges edges) const
{
    const torch::Tensor squeezed = torch::conv2d(x, module.squeeze.weight, module.squeeze.bias).relu_();
    return torch::cat({torch::conv2d(squeezed, module.expand1x1.weight, module.expand1x1.bias).relu_(),
                       conv2dKeepingSize(squeezed, module.expand3x3.weight, module.expand3x3.bias, 1, edges).relu_()},
                      1);
}

std::vector<torch::Tensor> SqueezeNet::features(const torch::Tensor& rgb, const std::vector<int>& layers,
                                                Pooling pooling, const TapHook& hook,
                                                const CancelCheck& cancelled, Edges edges) const
{
    TapCollector taps(layers, hook, cancelled);
    // Caffe convention: BGR, 0..255, mean subtracted.
    torch::Tensor x = channelsLast(rgb.flip({1}) * 255.0 - mMean);
    for (int i = 0; i <= taps.deepest(); ++i) {
        const Layer& layer = mLayers[i];
        switch (layer.op) {
        case Op::Conv1:
            // On a torus the edge pixels have neighbours too: half the kernel's width of them.
            x = torch::conv2d(edges == Edges::Wrap ? wrapPad(x, 3, 3) : x, mConv1.weight, mConv1.bias, 2);
            break;
        case Op::Relu1:
            x = taps.wants(i - 1) ? torch::relu(x) : x.relu_();
            break;
        case Op::Pool:
            x = pool2d(x, pooling, 3, 2, true, edges);
            break;
        case Op::Fire:
            x = fire(x, mFires[layer.fire], edges);
            break;
        }
        x = taps.offer(i, x);
    }
    return taps.take();
}

void SqueezeNet::to(torch::Device device, torch::ScalarType weightType)
{
    auto move = [&](Conv& c) {
        c.weight = c.weight.to(device, weightType);
        c.bias = c.bias.to(device, weightType);
    };
    move(mConv1);
    for (Fire& f : mFires) {
        move(f.squeeze);
        move(f.expand1x1);
        move(f.expand3x3);
    }
    mMean = mMean.to(device);
}

} // namespace brushwork
