// SPDX-License-Identifier: GPL-3.0-or-later
// The attributes of ERC-721 metadata, as `render --nft` and `batch mint`
// both write them.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace brushwork {

/// {"trait_type": type, "value": value}, shown as a number when `number`.
nlohmann::json trait(const std::string& type, const nlohmann::json& value, bool number = false);

/// A region as the metadata names it.
struct RegionTrait {
    int painting = -1; ///< index into the paintings, or Region::kKeepPhoto
    float strength = 1.0f;
    std::string maskSha256;
};

/// Appends "Region N" (the painting's name, or "Keep the photo"), "Region N
/// strength" and "Region N mask SHA-256" for each region, N from 1.
void appendRegionTraits(nlohmann::json& attributes, const std::vector<RegionTrait>& regions,
                        const std::vector<std::string>& paintingNames);

} // namespace brushwork
