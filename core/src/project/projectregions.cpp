// SPDX-License-Identifier: GPL-3.0-or-later
#include "project/projectregions.h"

#include "brushwork/base64.h"
#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/sha256.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>

namespace brushwork {
namespace {

using nlohmann::json;

/// The longest base64 text a mask may take: the whole project file is read
/// up to 16 MB.
constexpr std::size_t kMaxMaskText = 16u << 20;

} // namespace

std::vector<unsigned char> maskPng(const cv::Mat& mask)
{
    cv::Mat sixteen;
    mask.convertTo(sixteen, CV_16UC1, 65535.0);
    std::vector<unsigned char> png;
    cv::imencode(".png", sixteen, png);
    return png;
}

json regionJson(const Region& region, json mask)
{
    return {{"painting", region.painting == Region::kKeepPhoto ? json("photo") : json(region.painting + 1)},
            {"strength", region.strength},
            {"mask", std::move(mask)}};
}

Region regionFromJson(const json& entry, std::size_t styleCount, const std::string& at,
                      const std::function<void(const std::string&)>& fail)
{
    if (!entry.is_object() || !entry.contains("painting") || !entry.contains("mask"))
        fail("\"" + at + "\" should be a region with \"painting\" and \"mask\"");
    Region region;
    const json& painting = entry["painting"];
    if (painting.is_string() && painting.get<std::string>() == "photo")
        region.painting = Region::kKeepPhoto;
    else if (painting.is_number_unsigned() && painting.get<std::uint64_t>() >= 1 &&
             painting.get<std::uint64_t>() <= styleCount)
        region.painting = int(painting.get<std::uint64_t>()) - 1;
    else
        fail("\"" + at + ".painting\" should be \"photo\" or a painting's number from 1 to " +
             std::to_string(styleCount));
    if (entry.contains("strength")) {
        const json& strength = entry["strength"];
        if (!strength.is_number() || !std::isfinite(strength.get<double>()) || strength.get<double>() < 0 ||
            strength.get<double>() > 1e6)
            fail("\"" + at + ".strength\" should be a number from 0 to 1e6");
        region.strength = strength.get<float>();
    }
    return region;
}

json regionsToJson(const std::vector<Region>& regions)
{
    json list = json::array();
    for (const Region& region : regions) {
        const std::vector<unsigned char> png = maskPng(region.mask);
        list.push_back(regionJson(region, {{"png", toBase64(png)}, {"sha256", sha256Hex(png.data(), png.size())}}));
    }
    return list;
}

std::vector<Region> regionsFromJson(const json& list, std::size_t styleCount, const std::string& key,
                                    const std::function<void(const std::string&)>& fail)
{
    std::vector<Region> regions;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string at = key + "[" + std::to_string(i) + "]";
        Region region = regionFromJson(list[i], styleCount, at, fail);
        const json& mask = list[i]["mask"];
        if (!mask.is_object() || !mask.contains("png") || !mask["png"].is_string() || !mask.contains("sha256") ||
            !mask["sha256"].is_string())
            fail("\"" + at + ".mask\" should hold \"png\" and \"sha256\" text");
        const std::string& text = mask["png"].get_ref<const std::string&>();
        const std::optional<std::vector<unsigned char>> png =
            text.size() <= kMaxMaskText ? fromBase64(text) : std::nullopt;
        if (!png)
            fail("\"" + at + ".mask.png\" is not a base64 picture");
        if (sha256Hex(png->data(), png->size()) != mask["sha256"].get<std::string>())
            fail("\"" + at + ".mask\" does not match its checksum (the mask is damaged)");
        cv::Mat grey;
        try {
            cv::cvtColor(decodeImage(*png, at + ".mask"), grey, cv::COLOR_RGB2GRAY);
        } catch (const Error& error) {
            fail("\"" + at + ".mask\" cannot be read: " + error.reason());
        }
        region.mask = grey;
        regions.push_back(std::move(region));
    }
    return regions;
}

} // namespace brushwork
