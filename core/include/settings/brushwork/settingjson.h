// SPDX-License-Identifier: GPL-3.0-or-later
// A run setting's value as collection plans and projects keep it in JSON.
// Both take the JSON form from the setting's kind; they differ where a
// project was written before the settings table (a memory budget in bytes,
// style layers as objects, the plateau as a fraction).
#pragma once

#include "brushwork/runsettings.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace brushwork {

enum class SettingFile { Plan, Project };

/// The text of `value`, the JSON `file` keeps for `setting`; nullopt when it
/// holds no value (null, an empty list). Sets `problem` ("should be a
/// number", "is out of range (...)") when it is not a value of the setting.
std::optional<std::string> settingTextOfJson(const RunSetting& setting, const nlohmann::json& value, SettingFile file,
                                             std::string& problem);

/// The JSON `file` keeps for `text`, a value settingProblem found fine.
nlohmann::json settingJsonOfText(const RunSetting& setting, const std::string& text, SettingFile file);

} // namespace brushwork
