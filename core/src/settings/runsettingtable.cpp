// SPDX-License-Identifier: GPL-3.0-or-later
// The table of run settings: one row per setting (see runsettings.h).
#include "brushwork/runsettings.h"

#include "brushwork/commalist.h"
#include "brushwork/error.h"
#include "brushwork/layerspec.h"
#include "brushwork/memorybudget.h"
#include "brushwork/printsize.h"

#include <string>

namespace brushwork {
namespace {

using Text = std::optional<std::string>;

double number(const std::string& text)
{
    return std::stod(text);
}

template <typename Item, typename ToText>
std::string joined(const std::vector<Item>& items, ToText toText)
{
    std::string list;
    for (const Item& item : items)
        list += (list.empty() ? "" : ",") + toText(item);
    return list;
}

/// The name of `value` in `names`, which lists the enum's values in order.
template <typename Enum>
std::string nameOf(Enum value, std::initializer_list<const char*> names)
{
    return names.begin()[int(value)];
}

template <typename Enum>
Enum valueNamed(const std::string& text, std::initializer_list<const char*> names)
{
    for (std::size_t i = 0; i < names.size(); ++i)
        if (text == names.begin()[i])
            return Enum(i);
    return Enum(0);
}

std::string printProblem(const std::string& text)
{
    try {
        (void)parsePrintSize(text);
    } catch (const Error& error) {
        return error.reason();
    }
    return {};
}

std::string styleLayersProblem(const std::string& text)
{
    try {
        (void)parseStyleLayers(text);
    } catch (const Error& error) {
        return error.reason();
    }
    return {};
}

// Rows are listed as --help shows them; a field left out is 0, empty or
// nullptr. The comments at a row say why its range is what it is.
const std::vector<RunSetting> kTable = {
    {.name = "size", .kind = SettingKind::Integer, .group = SettingGroup::Picture, .min = 16, .max = 65536,
     .defaultText = "512", .unit = "px", .flag = "size", .valueName = "PX", .inPlans = true,
     .projectKey = "params.size", .help = "output's long side", .studioLabel = "Size",
     .studioTip = "Long side of the finished picture", .studioMin = 64, .studioMax = 32768,
     .projectRequired = true, .ofParams = true,
     .get = [](const RunValues& v) -> Text { return std::to_string(v.params.size); },
     .set = [](RunValues& v, const std::string& t) { v.params.size = int(number(t)); }},
    {.name = "print", .kind = SettingKind::Text, .group = SettingGroup::Output, .defaultText = "", .unit = "",
     .flag = "print", .valueName = "SIZE", .inPlans = true, .projectKey = "print.size",
     .help = "a print instead of --size: A4, A3, A2, 30x20cm, 8x10in[@DPI] or 4000px", .check = printProblem,
     .get = [](const RunValues& v) -> Text { return v.print.empty() ? Text() : v.print; },
     .set = [](RunValues& v, const std::string& t) { v.print = t; }},
    {.name = "dpi", .kind = SettingKind::Number, .group = SettingGroup::Output, .min = 1, .max = 100000,
     .defaultText = "", .unit = "", .flag = "dpi", .valueName = "N", .inPlans = true, .projectKey = "print.dpi",
     .help = "resolution written into the file (set by --print)", .zeroIsUnset = true,
     .get = [](const RunValues& v) -> Text { return v.dpi > 0 ? numberText(v.dpi) : Text(); },
     .set = [](RunValues& v, const std::string& t) { v.dpi = number(t); }},
    {.name = "iterations", .kind = SettingKind::Integer, .group = SettingGroup::Picture, .min = 0,
     .max = kMaxIterations, .defaultText = "500", .unit = "", .flag = "iterations", .valueName = "N",
     .inPlans = true, .projectKey = "params.iterations",
     .help = "evaluations in all, coarse to fine; the run ends sooner when the picture stops changing, "
             "unless --no-early-stop",
     .projectRequired = true, .ofParams = true,
     .get = [](const RunValues& v) -> Text { return std::to_string(v.params.iterations); },
     .set = [](RunValues& v, const std::string& t) { v.params.iterations = int(number(t)); }},
    {.name = "stop_at_plateau", .kind = SettingKind::Flag, .group = SettingGroup::Picture, .defaultText = "true",
     .unit = "", .flag = "no-early-stop", .inPlans = true, .projectKey = "params.stop_at_plateau",
     .help = "run every one of the iterations", .studioLabel = "Finish",
     .studioTip = "Finish early once more iterations no longer change the picture; unticked, every iteration of "
                  "the quality runs",
     .ofParams = true,
     .get = [](const RunValues& v) -> Text { return v.params.stopAtPlateau ? "true" : "false"; },
     .set = [](RunValues& v, const std::string& t) { v.params.stopAtPlateau = t == "true"; }},
    // As a percent: 2 reads better than 0.02 on a command line (why 2: plateau.cpp).
    {.name = "plateau", .kind = SettingKind::Number, .group = SettingGroup::Picture, .min = 0.01, .max = 50,
     .defaultText = "2", .unit = "%", .flag = "plateau", .valueName = "PCT", .inPlans = true,
     .projectKey = "params.plateau.tolerance",
     .help = "the picture has stopped changing once the loss falls by less than PCT percent over the "
             "plateau window (0.5 polishes about twice as long)",
     .projectRequired = true, .projectScale = 0.01, .ofParams = true,
     .get = [](const RunValues& v) -> Text { return floatText(v.params.plateau.tolerance * 100); },
     .set = [](RunValues& v, const std::string& t) { v.params.plateau.tolerance = float(number(t) / 100); }},
    {.name = "plateau_window", .kind = SettingKind::Integer, .group = SettingGroup::Picture, .min = 1,
     .max = 1000, .defaultText = "10", .unit = "evaluations", .flag = "plateau-window", .valueName = "N",
     .inPlans = true, .projectKey = "params.plateau.window",
     .help = "the evaluations over which --plateau is measured; longer waits out slow stretches",
     .studioLabel = "Plateau window",
     .studioTip = "How many evaluations the picture must stop changing for before the run finishes early",
     .studioMin = 1, .studioMax = 100, .projectRequired = true, .ofParams = true,
     .get = [](const RunValues& v) -> Text { return std::to_string(v.params.plateau.window); },
     .set = [](RunValues& v, const std::string& t) { v.params.plateau.window = int(number(t)); }},
    // Content and style losses are relative errors: the weights are unitless.
    {.name = "content_weight", .kind = SettingKind::Number, .group = SettingGroup::Picture, .min = 0, .max = 1e12,
     .defaultText = "1", .unit = "", .flag = "content-weight", .valueName = "F", .inPlans = true,
     .projectKey = "params.weights.content", .help = "how much the photo's shapes count", .studioLabel = "Photo",
     .studioTip = "How firmly the photo's shapes hold", .studioMin = 0.01, .studioMax = 100,
     .projectRequired = true, .ofParams = true,
     .get = [](const RunValues& v) -> Text { return floatText(v.params.weights.content); },
     .set = [](RunValues& v, const std::string& t) { v.params.weights.content = float(number(t)); }},
    {.name = "style_weight", .kind = SettingKind::Number, .group = SettingGroup::Picture, .min = 0, .max = 1e12,
     .defaultText = "10", .unit = "", .flag = "style-weight", .valueName = "F", .inPlans = true,
     .projectKey = "params.weights.style", .help = "how much the painting's texture counts",
     .studioLabel = "Painting", .studioTip = "How strongly the painting's brushwork takes over", .studioMin = 0.1,
     .studioMax = 10000, .projectRequired = true, .ofParams = true,
     .get = [](const RunValues& v) -> Text { return floatText(v.params.weights.style); },
     .set = [](RunValues& v, const std::string& t) { v.params.weights.style = float(number(t)); }},
    {.name = "tv_weight", .kind = SettingKind::Number, .group = SettingGroup::Picture, .min = 0, .max = 1e12,
     .defaultText = "1", .unit = "", .flag = "tv-weight", .valueName = "F", .inPlans = true,
     .projectKey = "params.weights.tv", .help = "smoothness", .studioLabel = "Smoothness",
     .studioTip = "Smooths out fine grain and noise", .studioMin = 0.01, .studioMax = 1000,
     .projectRequired = true, .ofParams = true,
     .get = [](const RunValues& v) -> Text { return floatText(v.params.weights.tv); },
     .set = [](RunValues& v, const std::string& t) { v.params.weights.tv = float(number(t)); }},
    {.name = "style_weights", .kind = SettingKind::Numbers, .group = SettingGroup::Picture, .min = 0, .max = 1e12,
     .defaultText = "", .unit = "", .flag = "style-weights", .valueName = "A,B,...", .inPlans = true,
     .projectKey = "params.weights.blend", .help = "blend of several styles, one number per painting",
     .ofParams = true,
     .get = [](const RunValues& v) -> Text {
         return v.params.weights.styleBlend.empty() ? Text() : joined(v.params.weights.styleBlend, floatText);
     },
     .set = [](RunValues& v, const std::string& t) {
         v.params.weights.styleBlend.clear();
         for (const std::string& item : splitCommaList(t))
             v.params.weights.styleBlend.push_back(float(number(item)));
     }},
    {.name = "style_scale", .kind = SettingKind::Number, .group = SettingGroup::Picture, .min = 0.05, .max = 16,
     .defaultText = "1", .unit = "×", .flag = "style-scale", .valueName = "F", .inPlans = true,
     .projectKey = "params.style_scale", .help = "size of the style's strokes relative to the output",
     .studioLabel = "Stroke size", .studioTip = "Size of the brush strokes: larger than 1 paints bigger strokes",
     .studioMin = 0.1, .studioMax = 4, .ofParams = true,
     .get = [](const RunValues& v) -> Text { return floatText(v.params.styleScale); },
     .set = [](RunValues& v, const std::string& t) { v.params.styleScale = float(number(t)); }},
    {.name = "preview_size", .kind = SettingKind::Integer, .group = SettingGroup::Picture, .min = 16, .max = 65536,
     .defaultText = "512", .unit = "px", .flag = "preview-size", .valueName = "PX", .inPlans = true,
     .projectKey = "params.preview_size", .help = "a larger picture is its preview at PX, enlarged and refined",
     .ofParams = true,
     .get = [](const RunValues& v) -> Text { return std::to_string(v.params.previewSize); },
     .set = [](RunValues& v, const std::string& t) { v.params.previewSize = int(number(t)); }},
    {.name = "optimizer", .kind = SettingKind::Choice, .group = SettingGroup::Picture, .choices = {"lbfgs", "adam"},
     .defaultText = "lbfgs", .unit = "", .flag = "optimizer", .valueName = "lbfgs|adam", .inPlans = true,
     .projectKey = "params.optimizer", .help = "how the picture is optimized", .studioLabel = "Optimizer",
     .studioTip = "L-BFGS reaches a finished picture in fewer steps; Adam takes smaller, steadier ones",
     .ofParams = true,
     .get = [](const RunValues& v) -> Text { return nameOf(v.params.optimizer, {"lbfgs", "adam"}); },
     .set = [](RunValues& v, const std::string& t) {
         v.params.optimizer = valueNamed<OptimizerKind>(t, {"lbfgs", "adam"});
     }},
    {.name = "learning_rate", .kind = SettingKind::Number, .group = SettingGroup::Picture, .min = 1e-6, .max = 10,
     .defaultText = "0.02", .unit = "", .flag = "learning-rate", .valueName = "F", .inPlans = true,
     .projectKey = "params.learning_rate", .help = "Adam's step, in image units (0..1)", .ofParams = true,
     .get = [](const RunValues& v) -> Text { return floatText(v.params.adamLearningRate); },
     .set = [](RunValues& v, const std::string& t) { v.params.adamLearningRate = float(number(t)); }},
    // Each correction costs two picture-sized vectors (see StyleParams::lbfgsHistory).
    {.name = "lbfgs_history", .kind = SettingKind::Integer, .group = SettingGroup::Picture, .min = 1, .max = 1000,
     .defaultText = "20", .unit = "", .flag = "lbfgs-history", .valueName = "N", .inPlans = true,
     .projectKey = "params.lbfgs_history", .help = "corrections L-BFGS keeps", .ofParams = true,
     .get = [](const RunValues& v) -> Text { return std::to_string(v.params.lbfgsHistory); },
     .set = [](RunValues& v, const std::string& t) { v.params.lbfgsHistory = int(number(t)); }},
    // A picture to start from (InitKind::Image) is no setting: the command line
    // takes a FILE here, a project keeps it as its result.
    {.name = "init", .kind = SettingKind::Choice, .group = SettingGroup::Picture,
     .choices = {"instant", "content", "noise"}, .defaultText = "instant", .unit = "", .flag = "init",
     .valueName = "instant|content|noise|FILE", .inPlans = true, .projectKey = "params.init",
     .help = "starting picture: instant is the photo painted by the built-in arbitrary-style network, then "
             "refined at the final size only (the photo when that network is missing)",
     .studioLabel = "Start from",
     .studioTip = "The instant picture: the photo painted in the paintings' style in a moment by the built-in "
                  "style network, which the painting then refines",
     .ofParams = true,
     .get = [](const RunValues& v) -> Text {
         return v.params.init == InitKind::Noise ? "noise" : v.params.init == InitKind::Instant ? "instant" : "content";
     },
     .set = [](RunValues& v, const std::string& t) {
         v.params.init = t == "noise" ? InitKind::Noise : t == "instant" ? InitKind::Instant : InitKind::Content;
     }},
    {.name = "pooling", .kind = SettingKind::Choice, .group = SettingGroup::Picture, .choices = {"max", "avg"},
     .defaultText = "max", .unit = "", .flag = "pooling", .valueName = "max|avg", .inPlans = true,
     .projectKey = "params.pooling", .help = "the feature network's pooling", .studioLabel = "Pooling",
     .studioTip = "Average pooling paints softer transitions", .ofParams = true,
     .get = [](const RunValues& v) -> Text { return nameOf(v.params.pooling, {"max", "avg"}); },
     .set = [](RunValues& v, const std::string& t) { v.params.pooling = valueNamed<Pooling>(t, {"max", "avg"}); }},
    {.name = "preserve_colors", .kind = SettingKind::Choice, .group = SettingGroup::Picture,
     .choices = {"none", "luminance", "histogram"}, .defaultText = "none", .unit = "", .flag = "preserve-colors",
     .valueName = "none|luminance|histogram", .inPlans = true, .projectKey = "params.preserve_colors",
     .help = "keep the photo's colours", .studioLabel = "Colours",
     .studioTip = "Keep the painting's colours, or the photo's", .ofParams = true,
     .get = [](const RunValues& v) -> Text { return nameOf(v.params.colour, {"none", "luminance", "histogram"}); },
     .set = [](RunValues& v, const std::string& t) {
         v.params.colour = valueNamed<ColourMode>(t, {"none", "luminance", "histogram"});
     }},
    {.name = "seed", .kind = SettingKind::Seed, .group = SettingGroup::Picture, .defaultText = "", .unit = "",
     .flag = "seed", .valueName = "N", .inPlans = true, .projectKey = "params.seed",
     .help = "makes CPU runs repeat exactly", .studioLabel = "Seed",
     .studioTip = "A fixed seed paints the same picture again on a CPU", .ofParams = true,
     .get = [](const RunValues& v) -> Text { return v.params.seed ? std::to_string(*v.params.seed) : Text(); },
     .set = [](RunValues& v, const std::string& t) { v.params.seed = std::stoull(t); }},
    {.name = "content_layers", .kind = SettingKind::Names, .group = SettingGroup::Picture, .defaultText = "",
     .unit = "", .flag = "content-layers", .valueName = "L,...", .inPlans = true,
     .projectKey = "params.content_layers", .help = "the feature network's content layers, e.g. relu4_2",
     .studioLabel = "Content layers", .studioTip = "The network's layers that keep the photo's shapes",
     .ofParams = true,
     .get = [](const RunValues& v) -> Text {
         return v.params.contentLayers.empty() ? Text() : joined(v.params.contentLayers, [](auto& s) { return s; });
     },
     .set = [](RunValues& v, const std::string& t) { v.params.contentLayers = splitCommaList(t); }},
    {.name = "style_layers", .kind = SettingKind::StyleLayers, .group = SettingGroup::Picture, .defaultText = "",
     .unit = "", .flag = "style-layers", .valueName = "L[:W],...", .inPlans = true,
     .projectKey = "params.style_layers", .help = "the style layers and their weights, e.g. relu1_1,relu2_1:0.5",
     .studioLabel = "Style layers", .studioTip = "The network's layers that carry the painting's texture",
     .ofParams = true, .check = styleLayersProblem,
     .get = [](const RunValues& v) -> Text {
         return v.params.styleLayers.empty() ? Text() : styleLayersText(v.params.styleLayers);
     },
     .set = [](RunValues& v, const std::string& t) { v.params.styleLayers = parseStyleLayers(t); }},
    {.name = "first_scale", .kind = SettingKind::Integer, .group = SettingGroup::Picture, .min = 16, .max = 65536,
     .defaultText = "128", .unit = "px", .flag = "first-scale", .valueName = "PX", .inPlans = true,
     .projectKey = "params.first_scale", .help = "long side of the coarsest scale", .ofParams = true,
     .get = [](const RunValues& v) -> Text { return std::to_string(v.params.firstScaleSide); },
     .set = [](RunValues& v, const std::string& t) { v.params.firstScaleSide = int(number(t)); }},
    {.name = "multi_scale", .kind = SettingKind::Flag, .group = SettingGroup::Picture, .defaultText = "true",
     .unit = "", .projectKey = "params.multi_scale", .help = "paint coarse to fine (false: the final size only)",
     .ofParams = true,
     .get = [](const RunValues& v) -> Text { return v.params.multiScale ? "true" : "false"; },
     .set = [](RunValues& v, const std::string& t) { v.params.multiScale = t == "true"; }},
    {.name = "memory_budget", .kind = SettingKind::Bytes, .group = SettingGroup::Picture, .defaultText = "",
     .unit = "", .flag = "memory-budget", .valueName = "SIZE", .inPlans = true,
     .projectKey = "params.memory_budget",
     .help = "memory the run may use, e.g. 6G (default 80% of free); larger scales are tiled",
     .zeroIsUnset = true, .ofParams = true,
     .get = [](const RunValues& v) -> Text {
         return v.params.memoryBudget ? std::to_string(v.params.memoryBudget) : Text();
     },
     .set = [](RunValues& v, const std::string& t) { v.params.memoryBudget = number(t) == 0 ? 0 : parseByteSize(t); }},
    // Smaller tiles are mostly overlap.
    {.name = "tile", .kind = SettingKind::Integer, .group = SettingGroup::Picture, .min = 32, .max = 65536,
     .defaultText = "", .unit = "px", .flag = "tile", .valueName = "PX", .inPlans = true,
     .projectKey = "params.tile", .help = "paint scales larger than PX in tiles of PX", .zeroIsUnset = true,
     .ofParams = true,
     .get = [](const RunValues& v) -> Text { return v.params.tileSide ? std::to_string(v.params.tileSide) : Text(); },
     .set = [](RunValues& v, const std::string& t) { v.params.tileSide = int(number(t)); }},
    {.name = "seamless", .kind = SettingKind::Flag, .group = SettingGroup::Picture, .defaultText = "false",
     .unit = "", .flag = "seamless", .inPlans = true, .projectKey = "params.seamless",
     .help = "the picture tiles left-right and top-bottom without a seam (not with --tile)", .ofParams = true,
     .get = [](const RunValues& v) -> Text { return v.params.seamless ? "true" : "false"; },
     .set = [](RunValues& v, const std::string& t) { v.params.seamless = t == "true"; }},
    {.name = "strength", .kind = SettingKind::Number, .group = SettingGroup::Instant, .min = 0, .max = 1,
     .defaultText = "1", .unit = "", .flag = "strength", .valueName = "S", .inPlans = true,
     .help = "0..1: how far from the photo's own style to the paintings'",
     .get = [](const RunValues& v) -> Text { return floatText(v.strength); },
     .set = [](RunValues& v, const std::string& t) { v.strength = float(number(t)); }},
    {.name = "weights", .kind = SettingKind::Text, .group = SettingGroup::Engine, .defaultText = "", .unit = "",
     .flag = "weights", .valueName = "FILE", .inPlans = true,
     .help = "safetensors or .pth weights (default: the installed VGG19, else the built-in SqueezeNet)",
     .get = [](const RunValues& v) -> Text { return v.weights.empty() ? Text() : v.weights; },
     .set = [](RunValues& v, const std::string& t) { v.weights = t; }},
    {.name = "network", .kind = SettingKind::Choice, .group = SettingGroup::Engine,
     .choices = {"auto", "vgg19", "squeezenet"}, .defaultText = "auto", .unit = "", .flag = "network",
     .valueName = "auto|vgg19|squeezenet", .inPlans = true,
     .help = "the feature network (auto: recognised from the file)",
     .get = [](const RunValues& v) -> Text { return v.network; },
     .set = [](RunValues& v, const std::string& t) { v.network = t; }},
    {.name = "precision", .kind = SettingKind::Choice, .group = SettingGroup::Engine,
     .choices = {"auto", "fp32", "bf16", "fp16"}, .defaultText = "auto", .unit = "", .flag = "precision",
     .valueName = "auto|fp32|bf16|fp16", .inPlans = true,
     .help = "the network's convolutions (auto: bf16 on GPUs and on CPUs with AVX-512 BF16, else fp32)",
     .get = [](const RunValues& v) -> Text { return v.precision; },
     .set = [](RunValues& v, const std::string& t) { v.precision = t; }},
};

} // namespace

const std::vector<RunSetting>& runSettings()
{
    return kTable;
}

} // namespace brushwork
