// SPDX-License-Identifier: GPL-3.0-or-later
// Regions in a project file: each mask kept inside it as a 16-bit PNG
// (lossless for 8- and 16-bit masks) in base64, with its SHA-256.
#pragma once

#include "brushwork/params.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace brushwork {

nlohmann::json regionsToJson(const std::vector<Region>& regions);

/// The regions of `list` for a project of `styleCount` paintings; `fail`
/// (which throws) is told what is wrong, naming the key under `key`.
std::vector<Region> regionsFromJson(const nlohmann::json& list, std::size_t styleCount, const std::string& key,
                                    const std::function<void(const std::string&)>& fail);

} // namespace brushwork
