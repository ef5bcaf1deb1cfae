// SPDX-License-Identifier: GPL-3.0-or-later
// A plan's regions: read and written as a project's are (project/
// projectregions.h), with a mask file where a project keeps the mask; their
// masks checked when the plan is expanded and loaded when a piece is painted.
#pragma once

#include "brushwork/collection.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace brushwork {

/// The regions of `list` ("regions" of a plan or a piece, named `key`):
/// {"painting": N or "photo", "mask": FILE, "strength": S, "sha256": HEX},
/// strength and sha256 optional; mask paths as written. `fail` throws.
std::vector<PlanRegion> planRegionsFromJson(const nlohmann::json& list, const std::string& key,
                                            const std::function<void(const std::string&)>& fail);

nlohmann::json planRegionsJson(const std::vector<PlanRegion>& regions);

/// The SHA-256 of each mask already checked against a photo of a size, so a
/// grid's many pieces load each mask once.
using CheckedMasks = std::map<std::string, std::string>;

/// Checks `piece`'s regions as `--region` checks its masks (loadRegionMask:
/// the picture checks, the photo's aspect ratio, not all black), that each
/// names one of its paintings and that a mask's file has the SHA-256 the plan
/// gives, then sets each region's SHA-256. Throws Error(BadInput) naming
/// `fileName`, the piece and the mask.
void checkPieceRegions(CollectionPiece& piece, const std::string& fileName, CheckedMasks& checked);

/// The regions of `piece` with their masks loaded for a photo of `photo`.
std::vector<Region> loadPieceRegions(const CollectionPiece& piece, cv::Size photo);

/// Writes each region's mask into masks/ beside the plan at `planPath`
/// (maskPng, named by its SHA-256) and returns the regions naming them.
/// Throws Error(Io) naming the file that could not be written.
std::vector<PlanRegion> writePlanMasks(const std::vector<Region>& regions, const std::string& planPath);

} // namespace brushwork
