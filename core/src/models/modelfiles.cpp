// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/modelfiles.h"

#include "brushwork/builtinmodels.h"
#include "brushwork/error.h"
#include "brushwork/modelsource.h"
#include "networks/featurenetwork.h"
#include "formats/safetensors.h"
#include "networks/floattensors.h"

#include <cstdlib>
#include <filesystem>

namespace brushwork {

std::string modelDirectory()
{
    if (const char* dir = std::getenv("BRUSHWORK_MODEL_DIR"); dir && *dir)
        return dir;
    if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data)
        return std::string(data) + "/brushwork/models";
    const char* home = std::getenv("HOME");
    return std::string(home && *home ? home : ".") + "/.local/share/brushwork/models";
}

std::string modelFileName(NetworkKind kind)
{
    return kind == NetworkKind::SqueezeNet ? "squeezenet1_0.safetensors" : "vgg19.safetensors";
}

std::optional<std::string> installedWeights(NetworkKind kind)
{
    const std::filesystem::path path = std::filesystem::path(modelDirectory()) / modelFileName(kind);
    std::error_code error;
    if (std::filesystem::is_regular_file(path, error))
        return path.string();
    return std::nullopt;
}

std::optional<FeatureWeights> defaultFeatureWeights(NetworkKind wanted)
{
    if (wanted != NetworkKind::SqueezeNet)
        if (const auto vgg = installedWeights(NetworkKind::Vgg19))
            return FeatureWeights{*vgg, NetworkKind::Vgg19, false};
    if (wanted == NetworkKind::Vgg19)
        return std::nullopt;
    if (const auto squeezeNet = installedWeights(NetworkKind::SqueezeNet))
        return FeatureWeights{*squeezeNet, NetworkKind::SqueezeNet, false};
    for (const std::string& folder : builtinModelDirectories()) {
        const std::filesystem::path path = std::filesystem::path(folder) / kBuiltinFeatureNetworkFile;
        std::error_code error;
        if (std::filesystem::is_regular_file(path, error))
            return FeatureWeights{path.string(), NetworkKind::SqueezeNet, true};
    }
    return std::nullopt;
}

NetworkKind checkWeightsFile(const std::string& path, NetworkKind kind)
{
    return checkNetworkShapes(safetensors::shapesOf(safetensors::readHeader(path)), kind, path);
}

std::string importWeights(const std::string& source, NetworkKind kind)
{
    const auto tensors = loadNetworkTensors(source, kind);
    const std::filesystem::path folder(modelDirectory());
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error)
        throw Error(ErrorKind::Io, folder.string(), "the model folder could not be created (" + error.message() + ")");
    std::vector<std::pair<std::string, torch::Tensor>> ordered;
    for (const ParameterShape& parameter : parameterShapes(kind))
        ordered.emplace_back(parameter.name, tensors.at(parameter.name));
    const std::string target = (folder / modelFileName(kind)).string();
    safetensors::writeTensors(target, toFloatTensors(ordered),
                              {{"format", "pt"}, {"network", networkName(kind)},
                               {"imported_from", std::filesystem::path(source).filename().string()}});
    forgetModelSource(target);
    return target;
}

void writeRandomWeights(const std::string& path, NetworkKind kind, std::uint64_t seed)
{
    torch::manual_seed(seed);
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const ParameterShape& parameter : parameterShapes(kind == NetworkKind::Auto ? NetworkKind::Vgg19 : kind)) {
        const auto& shape = parameter.shape;
        torch::Tensor tensor;
        if (shape.size() == 4) {
            // He initialisation keeps activations at a steady scale through the
            // ReLUs, so even deep layers carry signal.
            const double fanIn = double(shape[1] * shape[2] * shape[3]);
            tensor = torch::randn(shape) * std::sqrt(2.0 / fanIn);
        } else {
            tensor = torch::zeros(shape);
        }
        tensors.emplace_back(parameter.name, tensor);
    }
    safetensors::writeTensors(path, toFloatTensors(tensors), {{"format", "pt"}, {"brushwork", "random weights"}});
}

} // namespace brushwork
