// SPDX-License-Identifier: GPL-3.0-or-later
#include "networks/featurenetwork.h"

#include "brushwork/error.h"
#include "formats/pthreader.h"
#include "formats/safetensors.h"
#include "networks/floattensors.h"
#include "networks/squeezenet.h"
#include "networks/vgg19.h"

#include <algorithm>
#include <set>

namespace brushwork {
namespace {

NetworkKind recognise(const TensorShapes& shapes, const std::string& path)
{
    if (shapes.count("features.3.squeeze.weight"))
        return NetworkKind::SqueezeNet;
    if (shapes.count("features.0.weight") && shapes.count("features.34.weight"))
        return NetworkKind::Vgg19;
    throw Error(ErrorKind::BadInput, path,
                "not a VGG19 or SqueezeNet 1.0 weights file (no tensors named like features.0.weight)",
                "Use torchvision's or timm's VGG19 as .pth or safetensors, or say which network it is",
                Remedy::NameTheNetwork);
}

} // namespace

NetworkKind checkNetworkShapes(const TensorShapes& shapes, NetworkKind kind, const std::string& path)
{
    if (kind == NetworkKind::Auto)
        kind = recognise(shapes, path);
    for (const ParameterShape& parameter : parameterShapes(kind)) {
        const auto found = shapes.find(parameter.name);
        if (found == shapes.end())
            throw Error(ErrorKind::BadInput, path,
                        std::string("tensor ") + parameter.name + " is missing (expected shape " +
                            shapeText(parameter.shape) + " for " + networkName(kind) + ")",
                        "The file is incomplete or holds another network");
        if (found->second != parameter.shape)
            throw Error(ErrorKind::BadInput, path,
                        "tensor " + parameter.name + " has shape " + shapeText(found->second) + " but " +
                            networkName(kind) + " needs " + shapeText(parameter.shape),
                        "The file holds another network or a modified one");
    }
    return kind;
}

namespace {

/// The tensors of a .pth file the network needs. The file is parsed whole,
/// but only the convolutions are converted; a classifier costs no memory.
std::map<std::string, torch::Tensor> loadPthTensors(const std::string& path, NetworkKind& kind)
{
    std::set<std::string> candidates;
    for (NetworkKind network : {NetworkKind::Vgg19, NetworkKind::SqueezeNet})
        if (kind == NetworkKind::Auto || kind == network)
            for (const ParameterShape& parameter : parameterShapes(network))
                candidates.insert(parameter.name);
    FloatTensors tensors =
        pth::loadStateDict(path, [&](const std::string& name) { return candidates.count(name) > 0; });
    TensorShapes shapes;
    for (const auto& [name, tensor] : tensors)
        shapes[name] = tensor.shape;
    kind = checkNetworkShapes(shapes, kind, path);
    FloatTensors needed;
    for (const ParameterShape& parameter : parameterShapes(kind))
        needed[parameter.name] = std::move(tensors.at(parameter.name));
    return toTensors(std::move(needed));
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

std::map<std::string, torch::Tensor> loadNetworkTensors(const std::string& path, NetworkKind& kind)
{
    // Recognised by content: a downloaded .pth is often renamed.
    if (pth::looksLikePth(path))
        return loadPthTensors(path, kind);
    kind = checkNetworkShapes(safetensors::shapesOf(safetensors::readHeader(path)), kind, path);
    std::set<std::string> wanted;
    for (const ParameterShape& parameter : parameterShapes(kind))
        wanted.insert(parameter.name);
    return toTensors(safetensors::loadTensors(path, [&](const std::string& name) { return wanted.count(name) > 0; }));
}

std::unique_ptr<FeatureNetwork> loadFeatureNetwork(const std::string& path, NetworkKind kind)
{
    const auto tensors = loadNetworkTensors(path, kind);
    if (kind == NetworkKind::SqueezeNet)
        return std::make_unique<SqueezeNet>(tensors);
    return std::make_unique<Vgg19>(tensors);
}

} // namespace brushwork
