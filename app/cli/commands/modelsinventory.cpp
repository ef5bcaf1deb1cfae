// SPDX-License-Identifier: GPL-3.0-or-later
#include "commands.h"
#include "modelactions.h"

#include "brushwork/builtinmodels.h"
#include "brushwork/engine.h"
#include "brushwork/error.h"
#include "brushwork/faststyle.h"
#include "brushwork/faststylelibrary.h"
#include "brushwork/modelfiles.h"
#include "brushwork/modelsource.h"
#include "brushwork/sha256.h"

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

namespace cli {
namespace {
namespace fs = std::filesystem;

struct InstalledModel {
    std::string name; ///< "vgg19", "squeezenet", "fast-style/<style>"
    std::string path;
    brushwork::NetworkKind network = brushwork::NetworkKind::Auto; ///< Auto for a fast style
    std::string builtinFile; ///< a built-in network's file name: checked against the SHA-256 shipped
};

std::vector<InstalledModel> installedNetworks()
{
    std::vector<InstalledModel> models;
    for (auto kind : {brushwork::NetworkKind::Vgg19, brushwork::NetworkKind::SqueezeNet})
        if (const auto path = brushwork::installedWeights(kind))
            models.push_back({brushwork::networkName(kind), *path, kind, {}});
    return models;
}

/// The networks that ship with Brushwork, each from the first folder that has it.
std::vector<InstalledModel> builtinNetworks()
{
    const std::pair<const char*, const char*> files[] = {
        {"squeezenet (built-in)", brushwork::kBuiltinFeatureNetworkFile},
        {"instant style predictor (built-in)", brushwork::kStylePredictorFile},
        {"instant style transformer (built-in)", brushwork::kStyleTransformerFile},
    };
    std::vector<InstalledModel> models;
    for (const auto& [name, file] : files)
        for (const std::string& folder : brushwork::builtinModelDirectories()) {
            const fs::path path = fs::path(folder) / file;
            std::error_code error;
            if (fs::is_regular_file(path, error)) {
                models.push_back({name, path.string(), brushwork::NetworkKind::Auto, file});
                break;
            }
        }
    return models;
}

std::string sizeText(const std::string& path)
{
    std::error_code error;
    const double megabytes = double(fs::file_size(path, error)) / 1e6;
    char text[32];
    std::snprintf(text, sizeof text, megabytes < 10 ? "%.1f MB" : "%.0f MB", error ? 0.0 : megabytes);
    return text;
}

void printModel(const InstalledModel& model)
{
    std::cout << model.name << "\t" << sizeText(model.path) << "\t" << brushwork::sha256File(model.path) << "\t"
              << model.path;
    try {
        if (const auto source = brushwork::readModelSource(model.path))
            std::cout << "\tfrom " << source->url << " (SHA-256 " << source->sha256 << ")";
    } catch (const brushwork::Error& error) {
        std::cout << "\t" << error.reason();
    }
    std::cout << "\n";
}

/// Why `model` cannot be used, or empty when it is intact.
std::string damage(const InstalledModel& model)
{
    if (!model.builtinFile.empty())
        return brushwork::builtinModelDamage(model.path, model.builtinFile);
    try {
        const std::string sha256 = brushwork::sha256File(model.path);
        const auto source = brushwork::readModelSource(model.path);
        if (source && source->installedSha256 != sha256)
            return "its SHA-256 is " + sha256 + ", but it was " + source->installedSha256 + " when it was installed";
        if (model.network == brushwork::NetworkKind::Auto) {
            const brushwork::FastStyleNetwork network(model.path);
        } else {
            brushwork::EngineOptions options;
            options.weightsPath = model.path;
            options.network = model.network;
            options.device = brushwork::DeviceKind::Cpu;
            options.threads = 1;
            const brushwork::StyleEngine engine(options);
        }
        return {};
    } catch (const brushwork::Error& error) {
        return error.reason();
    }
}

} // namespace

int listModels()
{
    const auto networks = installedNetworks();
    for (const InstalledModel& model : networks)
        printModel(model);
    const auto styles = brushwork::installedFastStyles();
    for (const brushwork::InstalledFastStyle& style : styles)
        printModel({"fast-style/" + style.styleName, style.path, brushwork::NetworkKind::Auto, {}});
    for (const InstalledModel& model : builtinNetworks())
        printModel(model);
    if (networks.empty() && styles.empty())
        std::cerr << "Nothing is installed in " << brushwork::modelDirectory()
                  << ", so the built-in networks paint. 'brushwork-cli models download' downloads VGG19 for finer "
                     "detail, 'brushwork-cli models import FILE' installs a file you have.\n";
    return kSuccess;
}

int verifyModels()
{
    auto models = installedNetworks();
    // Every file in the style folder, not only those the gallery offers: a
    // damaged one would not be offered, and must still be named.
    std::error_code error;
    for (const fs::directory_entry& entry : fs::directory_iterator(brushwork::fastStyleDirectory(), error))
        if (entry.path().extension() == ".safetensors")
            models.push_back(
                {"fast-style/" + entry.path().stem().string(), entry.path().string(), brushwork::NetworkKind::Auto, {}});
    const std::vector<InstalledModel> builtins = builtinNetworks();
    const bool nothingInstalled = models.empty();
    models.insert(models.end(), builtins.begin(), builtins.end());
    std::vector<std::string> damaged;
    for (const InstalledModel& model : models) {
        const std::string problem = damage(model);
        std::cout << model.name << "\t" << (problem.empty() ? "ok" : "DAMAGED: " + problem) << "\t" << model.path
                  << "\n";
        if (!problem.empty())
            damaged.push_back(model.name);
    }
    if (nothingInstalled)
        std::cerr << "Nothing is installed in " << brushwork::modelDirectory() << "; the built-in networks paint.\n";
    if (damaged.empty())
        return kSuccess;
    std::string names;
    for (const std::string& name : damaged)
        names += (names.empty() ? "" : ", ") + name;
    std::cerr << "brushwork-cli: damaged: " << names
              << ". Download or import them again ('brushwork-cli models download NAME'); reinstall Brushwork "
                 "for a damaged built-in network.\n";
    return kBadInput;
}

} // namespace cli
