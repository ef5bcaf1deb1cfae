// SPDX-License-Identifier: GPL-3.0-or-later
// Regions as files write them: {"painting": N (from 1) or "photo",
// "strength": S, "mask": ...}. A project keeps each mask inside it as a
// 16-bit PNG (lossless for 8- and 16-bit masks) in base64 with its SHA-256;
// a collection plan names a mask file instead (collection/planregions.h).
#pragma once

#include "brushwork/params.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace brushwork {

/// The mask as a lossless 16-bit greyscale PNG: what a project keeps and the
/// studio writes beside a plan, so its SHA-256 is the same in both.
std::vector<unsigned char> maskPng(const cv::Mat& mask);

/// One region's entry with `mask` as its "mask".
nlohmann::json regionJson(const Region& region, nlohmann::json mask);

/// The painting and strength of the region entry `entry` (its mask left
/// empty) for `styleCount` paintings; `fail` (which throws) is told what is
/// wrong, naming the entry `at` ("params.regions[0]").
Region regionFromJson(const nlohmann::json& entry, std::size_t styleCount, const std::string& at,
                      const std::function<void(const std::string&)>& fail);

nlohmann::json regionsToJson(const std::vector<Region>& regions);

/// The regions of `list` for a project of `styleCount` paintings; `fail`
/// (which throws) is told what is wrong, naming the key under `key`.
std::vector<Region> regionsFromJson(const nlohmann::json& list, std::size_t styleCount, const std::string& key,
                                    const std::function<void(const std::string&)>& fail);

} // namespace brushwork
