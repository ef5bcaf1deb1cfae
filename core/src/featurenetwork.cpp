// SPDX-License-Identifier: GPL-3.0-or-later
#include "featurenetwork.h"

#include "brushwork/error.h"
#include "brushwork/modelfiles.h"
#include "safetensors.h"
#include "squeezenet.h"
#include "vgg19.h"

#include <algorithm>
#include <set>

namespace brushwork {
namespace {

NetworkKind recognise(const safetensors::Header& header, const std::string& path)
{
    std::set<std::string> names;
    for (const auto& tensor : header.tensors)
        names.insert(tensor.name);
    if (names.count("features.3.squeeze.weight"))
        return NetworkKind::SqueezeNet;
    if (names.count("features.0.weight") && names.count("features.34.weight"))
        return NetworkKind::Vgg19;
    throw Error(ErrorKind::BadInput, path,
                "not a VGG19 or SqueezeNet 1.0 weights file (no tensors named like features.0.weight)",
                "Use torchvision's or timm's VGG19 as safetensors, or pass --network to say which network it is");
}

} // namespace

std::vector<ParameterShape> parameterShapes(NetworkKind kind)
{
    return kind == NetworkKind::SqueezeNet ? SqueezeNet::parameterShapes() : Vgg19::parameterShapes();
}

int FeatureNetwork::layerIndex(const std::string& name) const
{
    const auto& names = layerNames();
    const auto found = std::find(names.begin(), names.end(), name);
    if (found != names.end())
        return int(found - names.begin());
    std::string valid;
    for (const auto& n : names)
        valid += (valid.empty() ? "" : ", ") + n;
    throw Error(ErrorKind::Usage, {}, "unknown layer \"" + name + "\" for " + networkName(kind()),
                "Choose one of: " + valid);
}

NetworkKind checkWeightsFile(const std::string& path, NetworkKind kind)
{
    const safetensors::Header header = safetensors::readHeader(path);
    if (kind == NetworkKind::Auto)
        kind = recognise(header, path);
    for (const ParameterShape& parameter : parameterShapes(kind)) {
        const auto found = std::find_if(header.tensors.begin(), header.tensors.end(),
                                        [&](const auto& t) { return t.name == parameter.name; });
        if (found == header.tensors.end())
            throw Error(ErrorKind::BadInput, path,
                        std::string("tensor ") + parameter.name + " is missing (expected shape " +
                            safetensors::shapeText(parameter.shape) + " for " + networkName(kind) + ")",
                        "The file is incomplete or holds another network");
        if (found->shape != parameter.shape)
            throw Error(ErrorKind::BadInput, path,
                        "tensor " + parameter.name + " has shape " + safetensors::shapeText(found->shape) + " but " +
                            networkName(kind) + " needs " + safetensors::shapeText(parameter.shape),
                        "The file holds another network or a modified one");
    }
    return kind;
}

std::map<std::string, torch::Tensor> loadNetworkTensors(const std::string& path, NetworkKind& kind)
{
    kind = checkWeightsFile(path, kind);
    std::set<std::string> wanted;
    for (const ParameterShape& parameter : parameterShapes(kind))
        wanted.insert(parameter.name);
    return safetensors::loadTensors(path, [&](const std::string& name) { return wanted.count(name) > 0; });
}

std::unique_ptr<FeatureNetwork> loadFeatureNetwork(const std::string& path, NetworkKind kind)
{
    const auto tensors = loadNetworkTensors(path, kind);
    if (kind == NetworkKind::SqueezeNet)
        return std::make_unique<SqueezeNet>(tensors);
    return std::make_unique<Vgg19>(tensors);
}

} // namespace brushwork
