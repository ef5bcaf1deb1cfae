// SPDX-License-Identifier: GPL-3.0-or-later
#include "networks/faststylelayout.h"

#include "brushwork/error.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace brushwork {
namespace {

constexpr int kResidualBlocks = 5;

std::vector<FastStyleTensor> engstromTensors()
{
    std::vector<FastStyleTensor> tensors;
    // Every convolution is followed by an instance norm over its output channels.
    auto layer = [&](const std::string& name, std::vector<std::int64_t> weight, std::int64_t channels) {
        tensors.push_back({name + ".weight", std::move(weight)});
        tensors.push_back({name + ".in_shift", {channels}});
        tensors.push_back({name + ".in_scale", {channels}});
    };
    layer("conv1", {32, 3, 9, 9}, 32);
    layer("conv2", {64, 32, 3, 3}, 64);
    layer("conv3", {128, 64, 3, 3}, 128);
    for (int i = 1; i <= kResidualBlocks; ++i) {
        layer("res" + std::to_string(i) + ".1", {128, 128, 3, 3}, 128);
        layer("res" + std::to_string(i) + ".2", {128, 128, 3, 3}, 128);
    }
    // Transposed convolutions store their weights as (in, out, kH, kW).
    layer("deconv1", {128, 64, 3, 3}, 64);
    layer("deconv2", {64, 32, 3, 3}, 32);
    layer("conv_out", {3, 32, 9, 9}, 3);
    return tensors;
}

std::vector<FastStyleTensor> pytorchExamplesTensors()
{
    std::vector<FastStyleTensor> tensors;
    auto conv = [&](const std::string& name, std::int64_t out, std::int64_t in, std::int64_t kernel) {
        tensors.push_back({name + ".conv2d.weight", {out, in, kernel, kernel}});
        tensors.push_back({name + ".conv2d.bias", {out}});
    };
    auto norm = [&](const std::string& name, std::int64_t channels) {
        tensors.push_back({name + ".weight", {channels}});
        tensors.push_back({name + ".bias", {channels}});
    };
    conv("conv1", 32, 3, 9);
    norm("in1", 32);
    conv("conv2", 64, 32, 3);
    norm("in2", 64);
    conv("conv3", 128, 64, 3);
    norm("in3", 128);
    for (int i = 1; i <= kResidualBlocks; ++i) {
        const std::string block = "res" + std::to_string(i);
        conv(block + ".conv1", 128, 128, 3);
        norm(block + ".in1", 128);
        conv(block + ".conv2", 128, 128, 3);
        norm(block + ".in2", 128);
    }
    conv("deconv1", 64, 128, 3);
    norm("in4", 64);
    conv("deconv2", 32, 64, 3);
    norm("in5", 32);
    conv("deconv3", 3, 32, 9);
    return tensors;
}

} // namespace

const char* layoutName(FastStyleLayout layout)
{
    return layout == FastStyleLayout::Engstrom2016 ? "engstrom-2016" : "pytorch-examples";
}

std::vector<FastStyleTensor> layoutTensors(FastStyleLayout layout)
{
    return layout == FastStyleLayout::Engstrom2016 ? engstromTensors() : pytorchExamplesTensors();
}

std::optional<FastStyleLayout> recogniseLayout(const safetensors::Header& header)
{
    for (const auto& tensor : header.tensors) {
        if (tensor.name == "conv1.in_scale")
            return FastStyleLayout::Engstrom2016;
        if (tensor.name == "conv1.conv2d.weight")
            return FastStyleLayout::PytorchExamples;
    }
    return std::nullopt;
}

FastStyleLayout checkLayout(const safetensors::Header& header, const std::string& path)
{
    const auto layout = recogniseLayout(header);
    if (!layout)
        throw Error(ErrorKind::BadInput, path,
                    "not a fast style network (no tensor named conv1.in_scale or conv1.conv2d.weight)",
                    "Use a network of the engstrom-2016 (fast-style-transfer) or pytorch-examples "
                    "(fast_neural_style TransformerNet) layout, converted to safetensors");
    const std::string label = std::string("the ") + layoutName(*layout) + " fast style layout";
    for (const FastStyleTensor& wanted : layoutTensors(*layout)) {
        const auto found = std::find_if(header.tensors.begin(), header.tensors.end(),
                                        [&](const auto& t) { return t.name == wanted.name; });
        if (found == header.tensors.end())
            throw Error(ErrorKind::BadInput, path,
                        "tensor " + wanted.name + " is missing (expected shape " +
                            shapeText(wanted.shape) + " for " + label + ")",
                        "The file is incomplete or holds another network");
        if (found->shape != wanted.shape)
            throw Error(ErrorKind::BadInput, path,
                        "tensor " + wanted.name + " has shape " + shapeText(found->shape) + " but " +
                            label + " needs " + shapeText(wanted.shape),
                        "The file holds another network or a modified one");
    }
    return *layout;
}

std::string styleNameOf(const safetensors::Header& header, const std::string& path)
{
    const auto style = header.metadata.find("style");
    if (style != header.metadata.end() && !style->second.empty())
        return style->second;
    return std::filesystem::path(path).stem().string();
}

bool offerable(FastStyleLayout layout, const std::string& styleName)
{
    // Logan Engstrom's checkpoints are licensed for research only. The
    // pytorch-examples networks of the same names are other, BSD-licensed
    // trainings, so the rule needs the layout as well as the name.
    static const std::set<std::string> researchOnly = {"la_muse", "rain_princess", "scream",
                                                       "udnie",   "wave",          "wreck"};
    return !(layout == FastStyleLayout::Engstrom2016 && researchOnly.count(styleName));
}

} // namespace brushwork
