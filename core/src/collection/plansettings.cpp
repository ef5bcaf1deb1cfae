// SPDX-License-Identifier: GPL-3.0-or-later
// A plan's settings are the run settings' table rows that plans may hold
// (runsettings.h); this is only how a plan reads and writes them.
#include "collection/plansettings.h"

#include "brushwork/collection.h"
#include "brushwork/error.h"
#include "brushwork/settingjson.h"

namespace brushwork {
namespace {

using nlohmann::json;

/// Which of the grid's named settings a piece came from: the plan's own
/// bookkeeping, not a setting of the run.
constexpr const char* kSettingsNameKey = "settings_name";

const RunSetting* planSetting(const std::string& key)
{
    const RunSetting* setting = findRunSetting(key);
    return setting && setting->inPlans ? setting : nullptr;
}

std::string planProblem(const std::string& key, const std::string& text)
{
    if (key == kSettingsNameKey)
        return text.empty() ? "is empty" : "";
    const RunSetting* setting = planSetting(key);
    return setting ? settingProblem(*setting, text) : "is not a setting";
}

[[noreturn]] void badSetting(const std::string& key, const std::string& problem)
{
    throw Error(ErrorKind::BadInput, {}, "\"" + key + "\" " + problem);
}

} // namespace

const std::vector<std::string>& planSettingKeys()
{
    static const std::vector<std::string> keys = [] {
        std::vector<std::string> names;
        for (const RunSetting& setting : runSettings())
            if (setting.inPlans)
                names.push_back(setting.name);
        names.push_back(kSettingsNameKey);
        return names;
    }();
    return keys;
}

std::string settingText(const std::string& key, const json& value, std::string& problem)
{
    problem.clear();
    if (key == kSettingsNameKey) {
        if (!value.is_string())
            problem = "should be text";
        else
            problem = planProblem(key, value.get<std::string>());
        return problem.empty() ? value.get<std::string>() : "";
    }
    const RunSetting* setting = planSetting(key);
    if (!setting) {
        problem = "is not a setting";
        return {};
    }
    const std::optional<std::string> text = settingTextOfJson(*setting, value, SettingFile::Plan, problem);
    if (!text && problem.empty())
        problem = "is empty";
    return text.value_or("");
}

json settingJson(const std::string& key, const std::string& text)
{
    const RunSetting* setting = planSetting(key);
    if (!setting || !settingProblem(*setting, text).empty())
        return text;
    return settingJsonOfText(*setting, text, SettingFile::Plan);
}

bool isPathSetting(const std::string& key)
{
    return key == "weights";
}

double pieceNumber(const CollectionPiece& piece, const std::string& key, double fallback)
{
    const auto found = piece.settings.find(key);
    if (found == piece.settings.end())
        return fallback;
    try {
        std::size_t used = 0;
        const double number = std::stod(found->second, &used);
        if (used == found->second.size())
            return number;
    } catch (const std::exception&) {
    }
    badSetting(key, "should be a number, not \"" + found->second + "\"");
}

RunValues runValuesOf(const CollectionPiece& piece)
{
    for (const auto& [key, text] : piece.settings)
        if (std::string problem = planProblem(key, text); !problem.empty())
            badSetting(key, problem);
    RunValues values = defaultRunValues();
    for (const auto& [key, text] : piece.settings)
        if (const RunSetting* setting = planSetting(key))
            setting->set(values, text);
    const std::size_t blend = values.params.weights.styleBlend.size();
    if (blend != 0 && blend != piece.paintings.size())
        badSetting("style_weights", "has " + std::to_string(blend) + " numbers for " +
                                        std::to_string(piece.paintings.size()) + " paintings");
    return values;
}

StyleParams styleParamsOf(const CollectionPiece& piece)
{
    return runValuesOf(piece).params;
}

PlanSettings planSettingsOf(const StyleParams& params)
{
    RunValues values;
    values.params = params;
    PlanSettings settings;
    for (const RunSetting& setting : runSettings())
        if (setting.inPlans && setting.ofParams)
            if (const auto text = setting.get(values))
                settings[setting.name] = *text;
    return settings;
}

} // namespace brushwork
