// SPDX-License-Identifier: GPL-3.0-or-later
// The settings a collection plan may give a piece: their kinds, their JSON
// form and their text form (the form of the command line).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace brushwork {

/// `value` as the settings' text form; sets `problem` ("should be a number",
/// ...) when it is not of the key's kind.
std::string settingText(const std::string& key, const nlohmann::json& value, std::string& problem);

/// The JSON form of a setting's text (numbers as numbers, lists as lists).
nlohmann::json settingJson(const std::string& key, const std::string& text);

/// Settings naming a file ("weights"), resolved relative to the plan.
bool isPathSetting(const std::string& key);

} // namespace brushwork
