// SPDX-License-Identifier: GPL-3.0-or-later
#include "collection/plansettings.h"

#include "brushwork/commalist.h"
#include "brushwork/collection.h"
#include "brushwork/error.h"
#include "brushwork/memorybudget.h"
#include "brushwork/printsize.h"

#include <charconv>
#include <cmath>
#include <sstream>

namespace brushwork {
namespace {

using nlohmann::json;

enum class Kind { Integer, Number, Seed, Text, Numbers, Texts };

struct Setting {
    const char* key;
    Kind kind;
    double min = 0;
    double max = 0;
    std::vector<std::string> choices = {};
};

const std::vector<Setting>& settings()
{
    static const std::vector<Setting> table = {
        {"size", Kind::Integer, 16, 65536},
        {"print", Kind::Text},
        {"dpi", Kind::Number, 1, 100000},
        {"iterations", Kind::Integer, 0, 1000000},
        {"plateau", Kind::Number, 0.01, 50},
        {"content_weight", Kind::Number, 0, 1e12},
        {"style_weight", Kind::Number, 0, 1e12},
        {"tv_weight", Kind::Number, 0, 1e12},
        {"style_weights", Kind::Numbers, 0, 1e12},
        {"style_scale", Kind::Number, 0.05, 16},
        {"strength", Kind::Number, 0, 1},
        {"optimizer", Kind::Text, 0, 0, {"lbfgs", "adam"}},
        {"learning_rate", Kind::Number, 1e-6, 10},
        {"lbfgs_history", Kind::Integer, 1, 1000},
        {"init", Kind::Text, 0, 0, {"instant", "content", "noise"}},
        {"pooling", Kind::Text, 0, 0, {"max", "avg"}},
        {"preserve_colors", Kind::Text, 0, 0, {"none", "luminance", "histogram"}},
        {"seed", Kind::Seed},
        {"content_layers", Kind::Texts},
        {"style_layers", Kind::Texts},
        {"first_scale", Kind::Integer, 16, 65536},
        {"memory_budget", Kind::Text},
        {"tile", Kind::Integer, 0, 65536},
        {"network", Kind::Text, 0, 0, {"auto", "vgg19", "squeezenet"}},
        {"weights", Kind::Text},
        {"precision", Kind::Text, 0, 0, {"auto", "fp32", "bf16", "fp16"}},
        {"settings_name", Kind::Text},
    };
    return table;
}

const Setting* find(const std::string& key)
{
    for (const Setting& setting : settings())
        if (key == setting.key)
            return &setting;
    return nullptr;
}

/// The one way a setting's number is read, by the plan check and by the
/// painter alike: all of the text, as a double (1e-50 is a number; a float
/// would have thrown on it).
bool parseSettingNumber(const std::string& text, double& value)
{
    try {
        std::size_t used = 0;
        value = std::stod(text, &used);
        return used == text.size();
    } catch (const std::exception&) {
        return false;
    }
}

std::string numberText(double value)
{
    std::ostringstream out;
    out.precision(17);
    out << value;
    return out.str();
}

/// The shortest text that reads back as the same float: "0.02", not
/// "0.019999999552965164".
std::string floatText(float value)
{
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, value).ptr;
    return std::string(text, end);
}

std::string rangeText(const Setting& setting)
{
    return "from " + numberText(setting.min) + " to " + numberText(setting.max);
}

/// Checks one number against the setting's range; empty when it is fine.
std::string numberProblem(const Setting& setting, double value)
{
    if (!std::isfinite(value) || value < setting.min || value > setting.max)
        return "is out of range (" + numberText(value) + "; " + rangeText(setting) + ")";
    if (setting.kind == Kind::Integer && value != std::floor(value))
        return "should be a whole number";
    return {};
}

/// Parses text as the setting's kind; empty when it is fine.
std::string textProblem(const Setting& setting, const std::string& text)
{
    auto parse = [](const std::string& item, double& value) { return parseSettingNumber(item, value); };
    double value = 0;
    switch (setting.kind) {
    case Kind::Integer:
    case Kind::Number:
        return parse(text, value) ? numberProblem(setting, value) : "should be a number, not \"" + text + "\"";
    case Kind::Seed:
        if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 19)
            return "should be a whole number of at least 0, not \"" + text + "\"";
        return {};
    case Kind::Numbers:
        for (const std::string& item : brushwork::splitCommaList(text)) {
            if (!parse(item, value))
                return "should hold numbers, not \"" + item + "\"";
            if (std::string problem = numberProblem(setting, value); !problem.empty())
                return problem;
        }
        return brushwork::splitCommaList(text).empty() ? "is empty" : "";
    case Kind::Texts:
        return brushwork::splitCommaList(text).empty() ? "is empty" : "";
    case Kind::Text:
        break;
    }
    if (text.empty())
        return "is empty";
    if (!setting.choices.empty()) {
        std::string names;
        for (const std::string& choice : setting.choices) {
            if (choice == text)
                return {};
            names += (names.empty() ? "" : ", ") + choice;
        }
        return "is \"" + text + "\"; it should be one of " + names;
    }
    try {
        if (std::string(setting.key) == "print")
            (void)parsePrintSize(text);
        if (std::string(setting.key) == "memory_budget")
            (void)parseByteSize(text);
    } catch (const Error& error) {
        return error.reason();
    }
    return {};
}

[[noreturn]] void badSetting(const std::string& key, const std::string& problem)
{
    throw Error(ErrorKind::BadInput, {}, "\"" + key + "\" " + problem);
}

const std::string* value(const CollectionPiece& piece, const char* key)
{
    const auto found = piece.settings.find(key);
    return found == piece.settings.end() ? nullptr : &found->second;
}

} // namespace

const std::vector<std::string>& planSettingKeys()
{
    static const std::vector<std::string> keys = [] {
        std::vector<std::string> names;
        for (const Setting& setting : settings())
            names.push_back(setting.key);
        return names;
    }();
    return keys;
}

std::string settingText(const std::string& key, const json& value, std::string& problem)
{
    const Setting* setting = find(key);
    if (!setting) {
        problem = "is not a setting";
        return {};
    }
    std::string text;
    switch (setting->kind) {
    case Kind::Integer:
    case Kind::Number:
        if (!value.is_number()) {
            problem = "should be a number";
            return {};
        }
        text = value.is_number_integer() ? std::to_string(value.get<std::int64_t>()) : numberText(value.get<double>());
        break;
    case Kind::Seed:
        if (!value.is_number_unsigned()) {
            problem = "should be a whole number of at least 0";
            return {};
        }
        text = std::to_string(value.get<std::uint64_t>());
        break;
    case Kind::Numbers:
    case Kind::Texts:
        if (!value.is_array()) {
            problem = setting->kind == Kind::Numbers ? "should be a list of numbers" : "should be a list of names";
            return {};
        }
        for (const json& item : value) {
            if (setting->kind == Kind::Numbers ? !item.is_number() : !item.is_string()) {
                problem = setting->kind == Kind::Numbers ? "should be a list of numbers" : "should be a list of names";
                return {};
            }
            text += (text.empty() ? "" : ",") +
                    (item.is_string() ? item.get<std::string>() : numberText(item.get<double>()));
        }
        break;
    case Kind::Text:
        if (!value.is_string()) {
            problem = "should be text";
            return {};
        }
        text = value.get<std::string>();
        break;
    }
    problem = textProblem(*setting, text);
    return text;
}

json settingJson(const std::string& key, const std::string& text)
{
    const Setting* setting = find(key);
    if (!setting || textProblem(*setting, text) != "")
        return text;
    switch (setting->kind) {
    case Kind::Integer:
        return std::stoll(text);
    case Kind::Number:
        return std::stod(text);
    case Kind::Seed:
        return std::stoull(text);
    case Kind::Numbers: {
        json list = json::array();
        for (const std::string& item : brushwork::splitCommaList(text))
            list.push_back(std::stod(item));
        return list;
    }
    case Kind::Texts:
        return brushwork::splitCommaList(text);
    case Kind::Text:
        break;
    }
    return text;
}

bool isPathSetting(const std::string& key)
{
    return key == "weights";
}

std::string settingProblem(const std::string& key, const std::string& text)
{
    const Setting* setting = find(key);
    return setting ? textProblem(*setting, text) : "is not a setting";
}

double pieceNumber(const CollectionPiece& piece, const std::string& key, double fallback)
{
    const std::string* text = value(piece, key.c_str());
    double number = fallback;
    if (text && !parseSettingNumber(*text, number))
        badSetting(key, "should be a number, not \"" + *text + "\"");
    return number;
}

StyleParams styleParamsOf(const CollectionPiece& piece)
{
    for (const auto& [key, text] : piece.settings)
        if (std::string problem = settingProblem(key, text); !problem.empty())
            badSetting(key, problem);
    StyleParams params;
    auto number = [&](const char* key, double fallback) { return pieceNumber(piece, key, fallback); };
    auto text = [&](const char* key, const std::string& fallback) {
        const std::string* found = value(piece, key);
        return found ? *found : fallback;
    };
    params.size = int(number("size", params.size));
    params.iterations = int(number("iterations", params.iterations));
    params.plateau.tolerance = float(number("plateau", params.plateau.tolerance * 100.0) / 100);
    params.weights.content = float(number("content_weight", params.weights.content));
    params.weights.style = float(number("style_weight", params.weights.style));
    params.weights.tv = float(number("tv_weight", params.weights.tv));
    if (const std::string* blend = value(piece, "style_weights")) {
        for (const std::string& item : brushwork::splitCommaList(*blend)) {
            double weight = 0;
            parseSettingNumber(item, weight); // checked above, with the same reader
            params.weights.styleBlend.push_back(float(weight));
        }
        if (params.weights.styleBlend.size() != piece.paintings.size())
            badSetting("style_weights", "has " + std::to_string(params.weights.styleBlend.size()) + " numbers for " +
                                            std::to_string(piece.paintings.size()) + " paintings");
    }
    params.styleScale = float(number("style_scale", params.styleScale));
    params.optimizer = text("optimizer", "lbfgs") == "adam" ? OptimizerKind::Adam : OptimizerKind::Lbfgs;
    params.adamLearningRate = float(number("learning_rate", params.adamLearningRate));
    params.lbfgsHistory = int(number("lbfgs_history", params.lbfgsHistory));
    const std::string init = text("init", "instant");
    params.init = init == "noise" ? InitKind::Noise : init == "content" ? InitKind::Content : InitKind::Instant;
    params.pooling = text("pooling", "max") == "avg" ? Pooling::Average : Pooling::Max;
    const std::string colour = text("preserve_colors", "none");
    params.colour = colour == "luminance"   ? ColourMode::Luminance
                    : colour == "histogram" ? ColourMode::Histogram
                                            : ColourMode::None;
    if (const std::string* seed = value(piece, "seed"))
        params.seed = std::stoull(*seed);
    if (const std::string* layers = value(piece, "content_layers"))
        params.contentLayers = brushwork::splitCommaList(*layers);
    if (const std::string* layers = value(piece, "style_layers")) {
        for (const std::string& item : brushwork::splitCommaList(*layers)) {
            const auto colon = item.find(':');
            LayerWeight layer{item.substr(0, colon), 1.0f};
            if (colon != std::string::npos) {
                try {
                    layer.weight = std::stof(item.substr(colon + 1));
                } catch (const std::exception&) {
                    badSetting("style_layers", "\"" + item + "\" needs a number after the colon");
                }
            }
            params.styleLayers.push_back(layer);
        }
    }
    params.firstScaleSide = int(number("first_scale", params.firstScaleSide));
    if (const std::string* budget = value(piece, "memory_budget"))
        params.memoryBudget = parseByteSize(*budget);
    params.tileSide = int(number("tile", 0));
    if (params.tileSide != 0 && params.tileSide < 32)
        badSetting("tile", "must be 0 or at least 32 pixels");
    return params;
}

PlanSettings planSettingsOf(const StyleParams& params)
{
    auto numbers = [](const auto& values, auto text) {
        std::string list;
        for (const auto& value : values)
            list += (list.empty() ? "" : ",") + text(value);
        return list;
    };
    PlanSettings settings;
    settings["size"] = std::to_string(params.size);
    settings["iterations"] = std::to_string(params.iterations);
    settings["plateau"] = floatText(params.plateau.tolerance * 100);
    settings["content_weight"] = floatText(params.weights.content);
    settings["style_weight"] = floatText(params.weights.style);
    settings["tv_weight"] = floatText(params.weights.tv);
    if (!params.weights.styleBlend.empty())
        settings["style_weights"] = numbers(params.weights.styleBlend, [](float w) { return floatText(w); });
    settings["style_scale"] = floatText(params.styleScale);
    settings["optimizer"] = params.optimizer == OptimizerKind::Adam ? "adam" : "lbfgs";
    if (params.optimizer == OptimizerKind::Adam)
        settings["learning_rate"] = floatText(params.adamLearningRate);
    else
        settings["lbfgs_history"] = std::to_string(params.lbfgsHistory);
    // A picture to start from (InitKind::Image) cannot be named in a plan: the photo stands in.
    settings["init"] = params.init == InitKind::Noise     ? "noise"
                       : params.init == InitKind::Instant ? "instant"
                                                          : "content";
    settings["pooling"] = params.pooling == Pooling::Average ? "avg" : "max";
    settings["preserve_colors"] = params.colour == ColourMode::Luminance   ? "luminance"
                                  : params.colour == ColourMode::Histogram ? "histogram"
                                                                           : "none";
    if (params.seed)
        settings["seed"] = std::to_string(*params.seed);
    if (!params.contentLayers.empty())
        settings["content_layers"] = numbers(params.contentLayers, [](const std::string& name) { return name; });
    if (!params.styleLayers.empty())
        settings["style_layers"] = numbers(params.styleLayers, [](const LayerWeight& layer) {
            return layer.layer + ":" + floatText(layer.weight);
        });
    settings["first_scale"] = std::to_string(params.firstScaleSide);
    if (params.memoryBudget > 0)
        settings["memory_budget"] = std::to_string(params.memoryBudget);
    if (params.tileSide > 0)
        settings["tile"] = std::to_string(params.tileSide);
    return settings;
}

} // namespace brushwork
