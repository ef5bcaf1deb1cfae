// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandoptions.h"

#include "brushwork/commalist.h"
#include "brushwork/cputhreads.h"
#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/layerspec.h"
#include "brushwork/memorybudget.h"
#include "brushwork/modelfiles.h"
#include "brushwork/regionmask.h"

#include <iostream>
#include <sstream>

namespace cli {
int threadsOption(const Arguments& args)
{
    const int threads = args.integer("threads", 0, 0, 1024);
    if (threads > brushwork::cpuThreadLimit())
        std::cerr << "Note: --threads " << threads << " is more than the " << brushwork::cpuThreadLimit()
                  << " CPUs this machine gives Brushwork; using " << brushwork::cpuThreadLimit() << "\n";
    return threads;
}

brushwork::DeviceKind deviceNamed(const std::string& name)
{
    return name == "cpu"    ? brushwork::DeviceKind::Cpu
           : name == "cuda" ? brushwork::DeviceKind::Cuda
                            : brushwork::DeviceKind::Auto;
}

brushwork::DeviceKind deviceOption(const Arguments& args)
{
    return deviceNamed(args.choice("device", {"auto", "cpu", "cuda"}));
}

brushwork::ColourMode colourOption(const Arguments& args)
{
    const std::string mode = args.choice("preserve-colors", {"none", "luminance", "histogram"});
    return mode == "luminance"   ? brushwork::ColourMode::Luminance
           : mode == "histogram" ? brushwork::ColourMode::Histogram
                                 : brushwork::ColourMode::None;
}

const std::set<std::string>& engineOptionNames()
{
    static const std::set<std::string> names = {"weights", "network", "device", "threads", "precision"};
    return names;
}

const std::set<std::string>& styleOptionNames()
{
    static const std::set<std::string> names = {
        "size",         "iterations",      "content-weight", "style-weight", "tv-weight",     "style-weights",
        "optimizer",    "init",            "pooling",        "preserve-colors", "style-scale", "seed",
        "content-layers", "style-layers", "learning-rate",  "lbfgs-history", "first-scale", "memory-budget",
        "tile",         "plateau",         "region"};
    return names;
}

const std::set<std::string>& styleFlagNames()
{
    static const std::set<std::string> names = {"no-early-stop", "seamless"};
    return names;
}

brushwork::NetworkKind networkOption(const Arguments& args, brushwork::NetworkKind fallback)
{
    const std::string network = args.choice("network", {"auto", "vgg19", "squeezenet"});
    if (network == "vgg19")
        return brushwork::NetworkKind::Vgg19;
    if (network == "squeezenet")
        return brushwork::NetworkKind::SqueezeNet;
    return fallback;
}

brushwork::EngineOptions engineOptions(const Arguments& args, const std::string& weightsPath,
                                       std::optional<brushwork::Precision> precisionOverride)
{
    using brushwork::NetworkKind;
    brushwork::EngineOptions options;
    options.network = networkOption(args);
    options.device = deviceOption(args);
    options.threads = threadsOption(args);
    if (precisionOverride) {
        options.precision = *precisionOverride;
    } else {
        const std::string precision = args.choice("precision", {"auto", "fp32", "bf16", "fp16"});
        options.precision = precision == "fp32"   ? brushwork::Precision::Float32
                            : precision == "bf16" ? brushwork::Precision::BFloat16
                            : precision == "fp16" ? brushwork::Precision::Float16
                                                  : brushwork::Precision::Auto;
    }

    if (const auto weights = weightsPath.empty() ? args.text("weights") : weightsPath) {
        options.weightsPath = *weights;
        return options;
    }
    if (const auto found = brushwork::defaultFeatureWeights(options.network)) {
        options.weightsPath = found->path;
        options.network = found->kind;
        if (found->builtIn)
            std::cerr << "Painting with the built-in SqueezeNet; for finer detail install VGG19 "
                         "('brushwork-cli models download').\n";
        return options;
    }
    const NetworkKind wanted = options.network == NetworkKind::SqueezeNet ? NetworkKind::SqueezeNet : NetworkKind::Vgg19;
    throw brushwork::Error(brushwork::ErrorKind::BadInput, brushwork::modelDirectory(),
                           std::string("no ") + brushwork::networkName(wanted) + " weights are installed here",
                           "Put torchvision's VGG19 as " + brushwork::modelFileName(wanted) +
                               " in that folder (or set BRUSHWORK_MODEL_DIR), or pass --weights FILE; "
                               "'brushwork-cli models random FILE' makes random weights for trying things out");
}

std::uint64_t memoryBudgetOption(const Arguments& args)
{
    const auto budget = args.text("memory-budget");
    return budget ? brushwork::parseByteSize(*budget) : brushwork::defaultMemoryBudget(false);
}

std::vector<brushwork::Region> regionsOption(const Arguments& args, std::size_t styleCount, cv::Size photo)
{
    std::vector<brushwork::Region> regions;
    for (const std::string& value : args.texts("region")) {
        const std::size_t equals = value.find('=');
        const std::string who = value.substr(0, equals);
        const std::string usage = "--region needs N=MASK (N a painting's number, 1 to " + std::to_string(styleCount) +
                                  ") or photo=MASK, not \"" + value + "\"";
        if (equals == std::string::npos || equals + 1 == value.size())
            throw UsageError(usage);
        brushwork::Region region;
        if (who != "photo") {
            const std::size_t used = who.find_first_not_of("0123456789");
            const int number = who.empty() || who.size() > 3 || used != std::string::npos ? 0 : std::stoi(who);
            if (number < 1 || std::size_t(number) > styleCount)
                throw UsageError(usage);
            region.painting = number - 1;
        }
        region.mask = brushwork::loadRegionMask(value.substr(equals + 1), photo);
        regions.push_back(std::move(region));
    }
    return regions;
}

brushwork::StyleParams styleParams(const Arguments& args, std::size_t styleCount)
{
    using namespace brushwork;
    StyleParams params;
    params.size = args.integer("size", params.size, 16, 65536);
    params.iterations = args.integer("iterations", params.iterations, 0, 1000000);
    params.weights.content = float(args.number("content-weight", params.weights.content, 0, 1e12));
    params.weights.style = float(args.number("style-weight", params.weights.style, 0, 1e12));
    params.weights.tv = float(args.number("tv-weight", params.weights.tv, 0, 1e12));
    for (double w : args.numbers("style-weights")) {
        if (w < 0)
            throw UsageError("--style-weights cannot be negative");
        params.weights.styleBlend.push_back(float(w));
    }
    if (!params.weights.styleBlend.empty() && params.weights.styleBlend.size() != styleCount)
        throw UsageError("--style-weights has " + std::to_string(params.weights.styleBlend.size()) +
                         " numbers but there are " + std::to_string(styleCount) + " style images");
    params.styleScale = float(args.number("style-scale", params.styleScale, 0.05, 16));
    params.optimizer = args.choice("optimizer", {"lbfgs", "adam"}) == "adam" ? OptimizerKind::Adam
                                                                             : OptimizerKind::Lbfgs;
    params.adamLearningRate = float(args.number("learning-rate", params.adamLearningRate, 1e-6, 10));
    params.lbfgsHistory = args.integer("lbfgs-history", params.lbfgsHistory, 1, 1000);
    params.firstScaleSide = args.integer("first-scale", params.firstScaleSide, 16, 65536);
    params.pooling = args.choice("pooling", {"max", "avg"}) == "avg" ? Pooling::Average : Pooling::Max;
    params.colour = colourOption(args);
    const std::string init = args.text("init", "instant");
    if (init == "noise") {
        params.init = InitKind::Noise;
    } else if (init == "instant") {
        params.init = InitKind::Instant;
    } else if (init != "content") {
        params.init = InitKind::Image;
        params.initImage = loadImage(init);
    }
    if (args.has("seed"))
        params.seed = args.whole("seed", 0, 9007199254740992ull);
    if (const auto layers = args.text("content-layers"))
        params.contentLayers = brushwork::splitCommaList(*layers);
    if (const auto layers = args.text("style-layers"))
        try {
            params.styleLayers = brushwork::parseStyleLayers(*layers);
        } catch (const brushwork::Error& error) {
            throw UsageError("--style-layers: " + error.reason());
        }
    if (const auto budget = args.text("memory-budget"))
        params.memoryBudget = parseByteSize(*budget);
    params.tileSide = args.integer("tile", 0, 0, 65536);
    params.stopAtPlateau = !args.has("no-early-stop");
    params.seamless = args.has("seamless");
    params.plateau.tolerance = float(args.number("plateau", params.plateau.tolerance * 100.0, 0.01, 50) / 100);
    if (params.tileSide != 0 && params.tileSide < 32)
        throw UsageError("--tile must be at least 32 pixels");
    return params;
}

} // namespace cli
