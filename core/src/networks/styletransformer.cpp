// SPDX-License-Identifier: GPL-3.0-or-later
#include "networks/styletransformer.h"

#include "networks/networkops.h"
#include "networks/tflitetensors.h"

namespace brushwork {
namespace {

constexpr double kEpsilon = 1e-5;
// Two stride-2 layers: only multiples of 4 come back at their own size. The
// smallest side keeps the quarter-size layers' reflection padding possible.
constexpr std::int64_t kMultiple = 4;
constexpr std::int64_t kMinimumSide = 16;
constexpr std::int64_t kResidualChannels = 32;

std::int64_t paddedSide(std::int64_t side)
{
    return std::max(kMinimumSide, (side + kMultiple - 1) / kMultiple * kMultiple);
}

torch::Tensor reflectConv(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                          std::int64_t stride, Edges edges)
{
    const std::int64_t pad = weight.size(2) / 2;
    const torch::Tensor padded =
        edges == Edges::Wrap ? wrapPad(x, int(pad), int(pad)) : torch::reflection_pad2d(x, {pad, pad, pad, pad});
    return torch::conv2d(padded, weight, bias, stride);
}

/// One channel's statistics over H×W only, biased variance (as the graph's
/// MEAN / SQUARED_DIFFERENCE / RSQRT); group_norm with a group per channel
/// does exactly that in one pass.
torch::Tensor instanceNorm(const torch::Tensor& x, const torch::Tensor& gamma, const torch::Tensor& beta)
{
    return torch::group_norm(x, x.size(1), gamma, beta, kEpsilon);
}

std::vector<std::string> normLayers()
{
    std::vector<std::string> layers;
    for (int block = 1; block <= 5; ++block)
        for (int conv = 1; conv <= 2; ++conv)
            layers.push_back("residual/residual" + std::to_string(block) + "/conv" + std::to_string(conv));
    for (int conv = 1; conv <= 3; ++conv)
        layers.push_back("expand/conv" + std::to_string(conv) + "/conv");
    return layers;
}

} // namespace

StyleTransformer::StyleTransformer(const tflite::Model& model)
{
    auto contract = [&](int index, std::int64_t out, std::int64_t in, std::int64_t side) {
        const std::string prefix = "transformer/contract/conv" + std::to_string(index);
        return Conv{convKernel(model, prefix + "/weights", out, in, side),
                    vectorTensor(model, prefix + "/Conv2D_bias", out)};
    };
    mContract = {contract(1, 8, 3, 9), contract(2, 16, 8, 3), contract(3, kResidualChannels, 16, 3)};

    const std::vector<std::string> layers = normLayers();
    const std::vector<std::int64_t> channels = {32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 16, 8, 3};
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const std::string params = "style_params/transformer/" + layers[i] + "/StyleNorm/";
        const std::int64_t c = channels[i];
        const std::int64_t styleSize = 100;
        // "Conv" makes the shift (beta), "Conv_1" the scale (gamma).
        mNorms.push_back({linearWeight(model, params + "Conv_1/weights", c, styleSize),
                          vectorTensor(model, params + "Conv_1/Conv2D_bias", c),
                          linearWeight(model, params + "Conv/weights", c, styleSize),
                          vectorTensor(model, params + "Conv/Conv2D_bias", c)});
    }
    // Biases before an instance norm are cancelled by its mean (the file's are zero anyway).
    for (std::size_t i = 0; i < 10; ++i)
        mResidual.push_back(
            {convKernel(model, "transformer/" + layers[i] + "/weights", kResidualChannels, kResidualChannels, 3), {}});
    for (std::size_t i = 10; i < 12; ++i) {
        const torch::Tensor weight =
            convKernel(model, "transformer/" + layers[i] + "/weights", channels[i], channels[i - 1], 3);
        mUpsample.push_back(foldUpsampleConv(weight, torch::zeros({channels[i]})));
    }
    mOutput = {convKernel(model, "transformer/" + layers[12] + "/weights", 3, channels[11], 9), {}};
}

void StyleTransformer::to(torch::Device device)
{
    for (std::vector<Conv>* convs : {&mContract, &mResidual})
        for (Conv& conv : *convs)
            conv = {conv.weight.to(device), conv.bias.defined() ? conv.bias.to(device) : torch::Tensor()};
    mOutput.weight = mOutput.weight.to(device);
    for (UpsampleConv& upsample : mUpsample)
        upsample = {upsample.weight.to(device), upsample.bias.to(device), upsample.outChannels};
    for (StyleNorm& norm : mNorms)
        norm = {norm.gammaWeight.to(device), norm.gammaBias.to(device), norm.betaWeight.to(device),
                norm.betaBias.to(device)};
}

torch::Tensor StyleTransformer::paint(const torch::Tensor& rgb, const torch::Tensor& style, Edges edges) const
{
    const std::int64_t height = rgb.size(2), width = rgb.size(3);
    if (edges == Edges::Wrap) {
        TORCH_CHECK(torusSide(int(height)) == height && torusSide(int(width)) == width,
                    "a torus is painted at sides that are multiples of 4, at least 16");
        return forward(rgb, style, edges);
    }
    // Repeating the edge keeps the padding out of the picture's statistics
    // as far as possible; it is cropped off again below.
    const torch::Tensor padded =
        torch::replication_pad2d(rgb, {0, paddedSide(width) - width, 0, paddedSide(height) - height});
    return forward(padded, style, edges).slice(2, 0, height).slice(3, 0, width);
}

int StyleTransformer::torusSide(int side)
{
    return int(std::max(kMinimumSide, (std::int64_t(side) + kMultiple / 2) / kMultiple * kMultiple));
}

torch::Tensor StyleTransformer::forward(const torch::Tensor& rgb, const torch::Tensor& style, Edges edges) const
{
    std::vector<torch::Tensor> gammas, betas;
    for (const StyleNorm& norm : mNorms) {
        gammas.push_back(torch::addmv(norm.gammaBias, norm.gammaWeight, style));
        betas.push_back(torch::addmv(norm.betaBias, norm.betaWeight, style));
    }
    torch::Tensor x = reflectConv(rgb, mContract[0].weight, mContract[0].bias, 1, edges).relu_();
    x = reflectConv(x, mContract[1].weight, mContract[1].bias, 2, edges).relu_();
    x = reflectConv(x, mContract[2].weight, mContract[2].bias, 2, edges).relu_();
    for (std::size_t block = 0; block < 5; ++block) {
        const std::size_t first = 2 * block, second = first + 1;
        torch::Tensor h = reflectConv(x, mResidual[first].weight, {}, 1, edges);
        h = instanceNorm(h, gammas[first], betas[first]).relu_();
        h = reflectConv(h, mResidual[second].weight, {}, 1, edges);
        x = x + instanceNorm(h, gammas[second], betas[second]);
    }
    x = instanceNorm(upsampleConv(mUpsample[0], x, edges), gammas[10], betas[10]).relu_();
    x = instanceNorm(upsampleConv(mUpsample[1], x, edges), gammas[11], betas[11]).relu_();
    return instanceNorm(reflectConv(x, mOutput.weight, {}, 1, edges), gammas[12], betas[12]).sigmoid_();
}

} // namespace brushwork
