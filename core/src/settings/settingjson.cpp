// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/settingjson.h"

#include "brushwork/commalist.h"
#include "brushwork/layerspec.h"
#include "brushwork/memorybudget.h"

namespace brushwork {
namespace {

using nlohmann::json;

std::string numberOfJson(const json& value, double scale)
{
    if (value.is_number_integer() && scale == 1)
        return std::to_string(value.get<std::int64_t>());
    return numberText(value.get<double>() / scale);
}

/// A list's items as text; sets `problem` when one is not of `isItem`'s kind.
template <typename IsItem, typename ItemText>
std::string listText(const json& value, IsItem isItem, ItemText itemText, const char* what, std::string& problem)
{
    std::string text;
    if (!value.is_array()) {
        problem = std::string("should be a list of ") + what;
        return {};
    }
    for (const json& item : value) {
        if (!isItem(item)) {
            problem = std::string("should be a list of ") + what;
            return {};
        }
        text += (text.empty() ? "" : ",") + itemText(item);
    }
    return text;
}

std::optional<std::string> textOfJson(const RunSetting& setting, const json& value, SettingFile file,
                                      std::string& problem)
{
    const bool project = file == SettingFile::Project;
    switch (setting.kind) {
    case SettingKind::Integer:
    case SettingKind::Number:
        if (!value.is_number())
            problem = "should be a number";
        return problem.empty() ? numberOfJson(value, project ? setting.projectScale : 1) : "";
    case SettingKind::Seed:
        if (!value.is_number_unsigned())
            problem = "should be a whole number of at least 0";
        return problem.empty() ? std::to_string(value.get<std::uint64_t>()) : "";
    case SettingKind::Bytes:
        if (project) {
            if (!value.is_number() || value.get<double>() < 0)
                problem = "should be a number of bytes";
            return problem.empty() ? numberOfJson(value, 1) : "";
        }
        break;
    case SettingKind::Flag:
        if (!value.is_boolean())
            problem = "should be true or false";
        return problem.empty() ? (value.get<bool>() ? "true" : "false") : "";
    case SettingKind::Numbers:
        return listText(
            value, [](const json& item) { return item.is_number(); },
            [](const json& item) { return numberText(item.get<double>()); }, "numbers", problem);
    case SettingKind::StyleLayers:
        if (project)
            return listText(
                value,
                [](const json& item) {
                    return item.is_object() && item.contains("layer") && item["layer"].is_string() &&
                           item.contains("weight") && item["weight"].is_number();
                },
                [](const json& item) {
                    return item["layer"].get<std::string>() + ":" + numberText(item["weight"].get<double>());
                },
                "layers with their weights", problem);
        [[fallthrough]];
    case SettingKind::Names:
        return listText(
            value, [](const json& item) { return item.is_string(); },
            [](const json& item) { return item.get<std::string>(); }, "names", problem);
    case SettingKind::Choice:
    case SettingKind::Text:
        break;
    }
    if (!value.is_string())
        problem = "should be text";
    return problem.empty() ? value.get<std::string>() : "";
}

} // namespace

std::optional<std::string> settingTextOfJson(const RunSetting& setting, const json& value, SettingFile file,
                                             std::string& problem)
{
    problem.clear();
    // An empty list is how a project says "the network's default".
    if (value.is_null() || (value.is_array() && value.empty()))
        return std::nullopt;
    const std::optional<std::string> text = textOfJson(setting, value, file, problem);
    if (problem.empty())
        problem = settingProblem(setting, *text, file == SettingFile::Project ? setting.projectScale : 1);
    return problem.empty() ? text : std::nullopt;
}

json settingJsonOfText(const RunSetting& setting, const std::string& text, SettingFile file)
{
    const bool project = file == SettingFile::Project;
    switch (setting.kind) {
    case SettingKind::Integer:
        if (!project || setting.projectScale == 1)
            return std::stoll(text);
        [[fallthrough]];
    case SettingKind::Number:
        return std::stod(text) * (project ? setting.projectScale : 1);
    case SettingKind::Seed:
        return std::stoull(text);
    case SettingKind::Bytes:
        return project ? json(parseByteSize(text)) : json(text);
    case SettingKind::Flag:
        return text == "true";
    case SettingKind::Numbers: {
        json list = json::array();
        for (const std::string& item : splitCommaList(text))
            list.push_back(std::stod(item));
        return list;
    }
    case SettingKind::StyleLayers:
        if (project) {
            json list = json::array();
            for (const LayerWeight& layer : parseStyleLayers(text))
                list.push_back({{"layer", layer.layer}, {"weight", layer.weight}});
            return list;
        }
        [[fallthrough]];
    case SettingKind::Names:
        return splitCommaList(text);
    case SettingKind::Choice:
    case SettingKind::Text:
        break;
    }
    return text;
}

} // namespace brushwork
