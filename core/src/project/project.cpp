// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/project.h"

#include "brushwork/atomicfile.h"
#include "support/inputfile.h"
#include "brushwork/error.h"
#include "brushwork/stylevector.h"
#include "brushwork/version.h"
#include "project/projectregions.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

namespace brushwork {
namespace {

using nlohmann::json;

constexpr const char* kFormat = "brushwork-project";
const char* const kDamagedHint = "The file is damaged or was not written by Brushwork; open the pictures again instead";

template <typename Enum>
struct Names {
    Enum value;
    const char* name;
};

constexpr Names<OptimizerKind> kOptimizers[] = {{OptimizerKind::Lbfgs, "lbfgs"}, {OptimizerKind::Adam, "adam"}};
constexpr Names<InitKind> kInits[] = {
    {InitKind::Content, "content"}, {InitKind::Noise, "noise"}, {InitKind::Image, "image"}, {InitKind::Instant, "instant"}};
constexpr Names<Pooling> kPoolings[] = {{Pooling::Max, "max"}, {Pooling::Average, "avg"}};
constexpr Names<ColourMode> kColours[] = {
    {ColourMode::None, "none"}, {ColourMode::Luminance, "luminance"}, {ColourMode::Histogram, "histogram"}};

template <typename Enum, std::size_t N>
const char* nameOf(const Names<Enum> (&names)[N], Enum value)
{
    for (const auto& entry : names)
        if (entry.value == value)
            return entry.name;
    return names[0].name;
}

json pictureJson(const ProjectPicture& picture)
{
    json object = {{"path", picture.path}, {"name", picture.name}};
    if (!picture.embedded.empty())
        object["embedded"] = picture.embedded;
    return object;
}

/// Reads typed values out of a JSON object, naming the key (as a dotted
/// path) in every error.
class Reader {
public:
    Reader(const json& object, std::string path, const std::string& fileName)
        : mObject(object)
        , mPath(std::move(path))
        , mFile(fileName)
    {
        if (!mObject.is_object())
            fail(mPath.empty() ? "the file is not a JSON object" : "\"" + mPath + "\" should be an object");
    }

    [[noreturn]] void fail(const std::string& problem) const
    {
        throw Error(ErrorKind::BadInput, mFile, "the project cannot be used: " + problem, kDamagedHint);
    }

    std::string key(const std::string& name) const { return mPath.empty() ? name : mPath + "." + name; }

    bool has(const std::string& name) const { return mObject.contains(name); }

    const json& required(const std::string& name) const
    {
        if (!mObject.contains(name))
            fail("\"" + key(name) + "\" is missing");
        return mObject.at(name);
    }

    Reader object(const std::string& name) const { return Reader(required(name), key(name), mFile); }

    std::string text(const std::string& name, const std::string& fallback, bool needed = false) const
    {
        if (!needed && !has(name))
            return fallback;
        const json& value = required(name);
        if (!value.is_string())
            fail("\"" + key(name) + "\" should be text");
        return value.get<std::string>();
    }

    double number(const std::string& name, double fallback, double min, double max, bool needed = false) const
    {
        if (!needed && !has(name))
            return fallback;
        const json& value = required(name);
        if (!value.is_number())
            fail("\"" + key(name) + "\" should be a number");
        const double number = value.get<double>();
        if (!std::isfinite(number) || number < min || number > max)
            fail("\"" + key(name) + "\" is out of range (" + value.dump() + ")");
        return number;
    }

    int integer(const std::string& name, int fallback, int min, int max, bool needed = false) const
    {
        const double value = number(name, fallback, min, max, needed);
        if (value != std::floor(value))
            fail("\"" + key(name) + "\" should be a whole number");
        return int(value);
    }

    bool flag(const std::string& name, bool fallback) const
    {
        if (!has(name))
            return fallback;
        if (!mObject.at(name).is_boolean())
            fail("\"" + key(name) + "\" should be true or false");
        return mObject.at(name).get<bool>();
    }

    template <typename Enum, std::size_t N>
    Enum choice(const std::string& name, const Names<Enum> (&names)[N], Enum fallback) const
    {
        if (!has(name))
            return fallback;
        const std::string value = text(name, {});
        for (const auto& entry : names)
            if (value == entry.name)
                return entry.value;
        fail("\"" + key(name) + "\" has an unknown value \"" + value + "\"");
    }

    const json& array(const std::string& name, bool needed) const
    {
        static const json empty = json::array();
        if (!needed && !has(name))
            return empty;
        const json& value = required(name);
        if (!value.is_array())
            fail("\"" + key(name) + "\" should be a list");
        return value;
    }

    const std::string& file() const { return mFile; }

private:
    const json& mObject;
    std::string mPath;
    std::string mFile;
};

ProjectPicture readPicture(const Reader& reader)
{
    ProjectPicture picture;
    picture.path = reader.text("path", {}, true);
    picture.name = reader.text("name", {});
    picture.embedded = reader.text("embedded", {});
    if (picture.path.empty() && picture.embedded.empty())
        reader.fail("\"" + reader.key("path") + "\" is empty");
    return picture;
}

StyleParams readParams(const Reader& p, std::size_t styleCount)
{
    StyleParams params;
    params.size = p.integer("size", params.size, 16, 65536, true);
    params.iterations = p.integer("iterations", params.iterations, 0, kMaxIterations, true);
    const Reader w = p.object("weights");
    params.weights.content = float(w.number("content", params.weights.content, 0, 1e12, true));
    params.weights.style = float(w.number("style", params.weights.style, 0, 1e12, true));
    params.weights.tv = float(w.number("tv", params.weights.tv, 0, 1e12, true));
    const json& blend = w.array("blend", false);
    for (std::size_t i = 0; i < blend.size(); ++i) {
        // 1e39 is a finite double but an infinite float, the type the engine keeps.
        if (!blend[i].is_number() || !(blend[i].get<double>() >= 0) || !(blend[i].get<double>() <= 1e12))
            w.fail("\"" + w.key("blend") + "\" should hold numbers of at least 0");
        params.weights.styleBlend.push_back(blend[i].get<float>());
    }
    if (!params.weights.styleBlend.empty() && params.weights.styleBlend.size() != styleCount)
        w.fail("\"" + w.key("blend") + "\" has " + std::to_string(params.weights.styleBlend.size()) +
               " numbers for " + std::to_string(styleCount) + " styles");
    params.styleScale = float(p.number("style_scale", params.styleScale, 0.05, 16));
    params.optimizer = p.choice("optimizer", kOptimizers, params.optimizer);
    params.adamLearningRate = float(p.number("learning_rate", params.adamLearningRate, 1e-6, 10));
    params.lbfgsHistory = p.integer("lbfgs_history", params.lbfgsHistory, 1, 1000);
    params.init = p.choice("init", kInits, params.init);
    params.pooling = p.choice("pooling", kPoolings, params.pooling);
    params.colour = p.choice("preserve_colors", kColours, params.colour);
    if (p.has("seed") && !p.required("seed").is_null()) {
        const json& seed = p.required("seed");
        if (!seed.is_number_unsigned())
            p.fail("\"" + p.key("seed") + "\" should be a whole number of at least 0");
        params.seed = seed.get<std::uint64_t>();
    }
    for (const json& layer : p.array("content_layers", false)) {
        if (!layer.is_string())
            p.fail("\"" + p.key("content_layers") + "\" should hold layer names");
        params.contentLayers.push_back(layer.get<std::string>());
    }
    const json& styleLayers = p.array("style_layers", false);
    for (std::size_t i = 0; i < styleLayers.size(); ++i) {
        const Reader layer(styleLayers[i], p.key("style_layers") + "[" + std::to_string(i) + "]", p.file());
        params.styleLayers.push_back(
            {layer.text("layer", {}, true), float(layer.number("weight", 1.0, 0, 1e6, true))});
    }
    params.firstScaleSide = p.integer("first_scale", params.firstScaleSide, 16, 65536);
    params.multiScale = p.flag("multi_scale", params.multiScale);
    // Projects from before the plateau stop ran every iteration; their
    // recipes must paint the same picture again.
    params.stopAtPlateau = p.flag("stop_at_plateau", false);
    // Before the rule was kept, runs stopped at 1% over 20 evaluations.
    params.plateau = {20, 0.01f};
    if (p.has("plateau")) {
        const Reader rule = p.object("plateau");
        params.plateau.window = rule.integer("window", 0, 1, 1000, true);
        params.plateau.tolerance = float(rule.number("tolerance", 0, 1e-6, 0.99, true));
    }
    params.memoryBudget = std::uint64_t(p.number("memory_budget", 0, 0, 1e15));
    params.tileSide = p.integer("tile", 0, 0, 65536);
    params.seamless = p.flag("seamless", false);
    params.weights.regions = regionsFromJson(p.array("regions", false), styleCount, p.key("regions"),
                                             [&](const std::string& problem) { p.fail(problem); });
    return params;
}

InstantRecipe readInstant(const Reader& r)
{
    InstantRecipe instant;
    instant.network = r.text("network", {}, true);
    if (instant.network.empty() || instant.network.size() > 200)
        r.fail("\"" + r.key("network") + "\" should name the network, in at most 200 characters");
    instant.networkSha256 = r.text("sha256", {});
    instant.strength = float(r.number("strength", 1.0, 0, 1));
    const json& vector = r.array("style_vector", false);
    if (!vector.empty() && vector.size() != StyleVector::kSize)
        r.fail("\"" + r.key("style_vector") + "\" should hold " + std::to_string(StyleVector::kSize) +
               " numbers, not " + std::to_string(vector.size()));
    for (const json& value : vector) {
        // A style vector's numbers are small; anything huge is damage, and 1e39 is infinite as a float.
        if (!value.is_number() || !(std::fabs(value.get<double>()) <= 1e6))
            r.fail("\"" + r.key("style_vector") + "\" should hold numbers between -1e6 and 1e6");
        instant.styleVector.push_back(value.get<float>());
    }
    return instant;
}

} // namespace

std::string projectToJson(const Project& project)
{
    const StyleParams& p = project.params;
    json styles = json::array();
    for (const ProjectPicture& style : project.styles)
        styles.push_back(pictureJson(style));
    json styleLayers = json::array();
    for (const LayerWeight& layer : p.styleLayers)
        styleLayers.push_back({{"layer", layer.layer}, {"weight", layer.weight}});
    json params = {
        {"size", p.size},
        {"iterations", p.iterations},
        {"weights",
         {{"content", p.weights.content}, {"style", p.weights.style}, {"tv", p.weights.tv}, {"blend", p.weights.styleBlend}}},
        {"style_scale", p.styleScale},
        {"optimizer", nameOf(kOptimizers, p.optimizer)},
        {"learning_rate", p.adamLearningRate},
        {"lbfgs_history", p.lbfgsHistory},
        {"init", nameOf(kInits, p.init)},
        {"pooling", nameOf(kPoolings, p.pooling)},
        {"preserve_colors", nameOf(kColours, p.colour)},
        {"seed", p.seed ? json(*p.seed) : json(nullptr)},
        {"content_layers", p.contentLayers},
        {"style_layers", styleLayers},
        {"first_scale", p.firstScaleSide},
        {"multi_scale", p.multiScale},
        {"stop_at_plateau", p.stopAtPlateau},
        {"plateau", {{"window", p.plateau.window}, {"tolerance", p.plateau.tolerance}}},
        {"memory_budget", p.memoryBudget},
        {"tile", p.tileSide},
        {"seamless", p.seamless},
    };
    if (!p.weights.regions.empty())
        params["regions"] = regionsToJson(p.weights.regions);
    json root = {
        {"format", kFormat},
        {"version", kProjectVersion},
        {"engine", project.engineVersion.empty() ? BRUSHWORK_VERSION : project.engineVersion},
        {"content", pictureJson(project.content)},
        {"styles", styles},
        {"params", params},
        {"network", project.network},
        {"weights_sha256", project.weightsSha256},
        {"result", project.result},
        {"print", {{"size", project.printSize}, {"dpi", project.dpi}}},
        {"progress", {{"iteration", project.doneIterations}, {"total", project.totalIterations}}},
    };
    if (project.instant)
        root["instant"] = {{"network", project.instant->network},
                           {"sha256", project.instant->networkSha256},
                           {"strength", project.instant->strength},
                           {"style_vector", project.instant->styleVector}};
    return root.dump(2) + "\n";
}

Project projectFromJson(const std::string& text, const std::string& fileName)
{
    const json root = json::parse(text, nullptr, false);
    if (root.is_discarded())
        throw Error(ErrorKind::BadInput, fileName, "the project file is not valid JSON", kDamagedHint);
    const Reader reader(root, {}, fileName);
    if (reader.text("format", {}, true) != kFormat)
        reader.fail("it is not a Brushwork project");
    const int version = reader.integer("version", 0, 1, std::numeric_limits<int>::max(), true);
    if (version > kProjectVersion)
        throw Error(ErrorKind::BadInput, fileName,
                    "the project was saved by a newer Brushwork (format " + std::to_string(version) +
                        "; this one reads up to " + std::to_string(kProjectVersion) + ")",
                    "Open it with a newer version of Brushwork");

    Project project;
    project.engineVersion = reader.text("engine", {});
    project.content = readPicture(reader.object("content"));
    const json& styles = reader.array("styles", true);
    if (styles.size() > std::size_t(kMaxStyles))
        reader.fail("\"styles\" names " + std::to_string(styles.size()) + " paintings; at most " +
                    std::to_string(kMaxStyles) + " can be blended");
    if (styles.empty())
        reader.fail("\"styles\" is empty");
    for (std::size_t i = 0; i < styles.size(); ++i)
        project.styles.push_back(readPicture(Reader(styles[i], "styles[" + std::to_string(i) + "]", fileName)));
    project.params = readParams(reader.object("params"), project.styles.size());
    project.network = reader.text("network", project.network);
    if (project.network != "vgg19" && project.network != "squeezenet")
        reader.fail("\"network\" has an unknown value \"" + project.network + "\"");
    project.weightsSha256 = reader.text("weights_sha256", {});
    project.result = reader.text("result", {});
    if (reader.has("print")) {
        const Reader print = reader.object("print");
        project.printSize = print.text("size", {});
        project.dpi = print.number("dpi", 0, 0, 100000);
    }
    if (reader.has("progress")) {
        const Reader progress = reader.object("progress");
        project.totalIterations = progress.integer("total", 0, 0, kMaxIterations);
        project.doneIterations = progress.integer("iteration", 0, 0, project.totalIterations);
    }
    if (reader.has("instant"))
        project.instant = readInstant(reader.object("instant"));
    return project;
}

Project loadProject(const std::string& path)
{
    const std::vector<unsigned char> bytes = readInputFile(path, kProjectInput);
    return projectFromJson(std::string(bytes.begin(), bytes.end()), path);
}

void saveProject(const std::string& path, const Project& project)
{
    const std::string text = projectToJson(project);
    writeFileAtomically(path, "the project", text.data(), text.size());
}

} // namespace brushwork
