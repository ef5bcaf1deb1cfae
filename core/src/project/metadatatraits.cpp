// SPDX-License-Identifier: GPL-3.0-or-later
#include "project/metadatatraits.h"

namespace brushwork {

nlohmann::json trait(const std::string& type, const nlohmann::json& value, bool number)
{
    nlohmann::json attribute = {{"trait_type", type}, {"value", value}};
    if (number)
        attribute["display_type"] = "number";
    return attribute;
}

void appendRegionTraits(nlohmann::json& attributes, const std::vector<RegionTrait>& regions,
                        const std::vector<std::string>& paintingNames)
{
    for (std::size_t i = 0; i < regions.size(); ++i) {
        const RegionTrait& region = regions[i];
        const std::string name = "Region " + std::to_string(i + 1);
        attributes.push_back(
            trait(name, region.painting < 0 ? "Keep the photo" : paintingNames.at(std::size_t(region.painting))));
        attributes.push_back(trait(name + " strength", region.strength, true));
        attributes.push_back(trait(name + " mask SHA-256", region.maskSha256));
    }
}

} // namespace brushwork
