// SPDX-License-Identifier: GPL-3.0-or-later
#include "collection/planregions.h"

#include "collection/makefolder.h"
#include "collection/planproblem.h"
#include "project/projectregions.h"
#include "brushwork/atomicfile.h"
#include "brushwork/image.h"
#include "brushwork/printable.h"
#include "brushwork/regionmask.h"
#include "brushwork/sha256.h"

#include <filesystem>

namespace brushwork {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

bool isSha256(const std::string& text)
{
    return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

Region regionOf(const PlanRegion& planned)
{
    Region region;
    region.painting = planned.painting;
    region.strength = planned.strength;
    return region;
}

} // namespace

std::vector<PlanRegion> planRegionsFromJson(const json& list, const std::string& key,
                                            const std::function<void(const std::string&)>& fail)
{
    if (!list.is_array())
        fail("\"" + key + "\" should be a list of regions");
    std::vector<PlanRegion> regions;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string at = key + "[" + std::to_string(i) + "]";
        // A piece's paintings are counted when the plan is expanded.
        const Region region = regionFromJson(list[i], std::size_t(kMaxStyles), at, fail);
        for (const auto& item : list[i].items())
            if (item.key() != "painting" && item.key() != "mask" && item.key() != "strength" && item.key() != "sha256")
                fail("\"" + at + "\" has an unknown key \"" + item.key() + "\"");
        PlanRegion planned;
        planned.painting = region.painting;
        planned.strength = region.strength;
        const json& mask = list[i]["mask"];
        if (!mask.is_string() || mask.get<std::string>().empty())
            fail("\"" + at + ".mask\" should be the mask's file name");
        planned.mask = mask.get<std::string>();
        if (list[i].contains("sha256")) {
            const json& sha = list[i]["sha256"];
            if (!sha.is_string() || !isSha256(sha.get<std::string>()))
                fail("\"" + at + ".sha256\" should be a SHA-256 in lowercase hex (64 digits)");
            planned.sha256 = sha.get<std::string>();
        }
        regions.push_back(planned);
    }
    return regions;
}

json planRegionsJson(const std::vector<PlanRegion>& regions)
{
    json list = json::array();
    for (const PlanRegion& planned : regions) {
        json entry = regionJson(regionOf(planned), planned.mask);
        if (!planned.sha256.empty())
            entry["sha256"] = planned.sha256;
        list.push_back(entry);
    }
    return list;
}

void checkPieceRegions(CollectionPiece& piece, const std::string& fileName, CheckedMasks& checked)
{
    if (piece.regions.empty())
        return;
    const std::string who = "piece \"" + piece.id + "\": ";
    if (piece.method == PaintMethod::Fast)
        refusePlan(fileName, who + "the method \"fast\" paints one style network's style everywhere, so it cannot "
                                   "paint regions; give the piece the method \"optimize\" or \"instant\"");
    cv::Size photo;
    try {
        photo = pictureSize(piece.photo);
    } catch (const Error& error) {
        refusePlan(fileName, who + "the photo \"" + piece.photo + "\" cannot be read to place its regions (" +
                                 error.reason() + ")");
    }
    for (PlanRegion& region : piece.regions) {
        const std::string mask = "the mask \"" + printableText(region.mask) + "\"";
        if (region.painting != Region::kKeepPhoto && std::size_t(region.painting) >= piece.paintings.size())
            refusePlan(fileName, who + "the region of " + mask + " is for painting " +
                                     std::to_string(region.painting + 1) + ", but the piece has " +
                                     std::to_string(piece.paintings.size()) + " (numbered from 1)");
        const std::string key = region.mask + "|" + std::to_string(photo.width) + "x" + std::to_string(photo.height);
        auto found = checked.find(key);
        if (found == checked.end()) {
            try {
                (void)loadRegionMask(region.mask, photo);
                found = checked.emplace(key, sha256File(region.mask)).first;
            } catch (const Error& error) {
                refusePlan(fileName, who + mask + " cannot be used: " + error.reason());
            }
        }
        if (!region.sha256.empty() && region.sha256 != found->second)
            refusePlan(fileName, who + mask + " has changed since the plan named it (its SHA-256 is " +
                                     found->second + ", the plan gives " + region.sha256 +
                                     "); put the plan's mask back, or remove its \"sha256\" to use this one");
        region.sha256 = found->second;
    }
}

std::vector<Region> loadPieceRegions(const CollectionPiece& piece, cv::Size photo)
{
    std::vector<Region> regions;
    for (const PlanRegion& planned : piece.regions) {
        Region region = regionOf(planned);
        region.mask = loadRegionMask(planned.mask, photo);
        regions.push_back(std::move(region));
    }
    return regions;
}

std::vector<PlanRegion> writePlanMasks(const std::vector<Region>& regions, const std::string& planPath)
{
    std::error_code error;
    const fs::path plan = fs::absolute(planPath, error);
    const fs::path folder = (error ? fs::path(planPath) : plan).parent_path() / "masks";
    std::vector<PlanRegion> written;
    for (const Region& region : regions) {
        const std::vector<unsigned char> png = maskPng(region.mask);
        PlanRegion planned;
        planned.painting = region.painting;
        planned.strength = region.strength;
        planned.sha256 = sha256Hex(png.data(), png.size());
        planned.mask = (folder / (planned.sha256.substr(0, 16) + ".png")).lexically_normal().string();
        // Named by its content: a file already there with that content is this mask.
        if (!fs::is_regular_file(planned.mask, error) || sha256File(planned.mask) != planned.sha256) {
            makeFolder(folder);
            writeFileAtomically(planned.mask, "the mask", png.data(), png.size());
        }
        written.push_back(planned);
    }
    return written;
}

} // namespace brushwork
