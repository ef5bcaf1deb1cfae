// SPDX-License-Identifier: GPL-3.0-or-later
// A collection plan: the pieces of a collection (photos × paintings × seeds ×
// named settings, and/or pieces listed one by one) as a versioned JSON file,
// expanded into pieces in a stable order with stable ids.
#pragma once

#include "brushwork/params.h"
#include "brushwork/project.h"
#include "brushwork/runsettings.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace brushwork {

/// The newest plan format this build writes and reads.
constexpr int kCollectionPlanVersion = 1;

/// The most pieces a collection may have. Its manifest (the plan of every
/// piece) stays within the plan reader's size limit, so a collection that
/// could be started can always be inspected, retried and minted.
constexpr std::size_t kMaxCollectionPieces = 200000;

/// How a piece is painted. "optimize": Gatys' optimisation with a feature
/// network (what `render` does); "fast": one pass of a fixed-style network
/// (what `fast` does); "instant": one pass of the built-in arbitrary-style
/// network in the style of the piece's paintings (what `instant` does, with
/// the settings "strength" and "style_weights").
enum class PaintMethod { Optimize, Fast, Instant };

const char* methodName(PaintMethod method);

/// A piece's settings as text, keyed by the run settings' names (see
/// runsettings.h: "size", "style_weight", "preserve_colors", "seed",
/// "print", "weights", ...). Lists are comma-separated.
using PlanSettings = std::map<std::string, std::string>;

/// Every settings key a plan may use, in the order they are documented.
const std::vector<std::string>& planSettingKeys();

/// A region of a piece (params.h: Region) as a plan names it: its mask is a
/// picture file, checked as `--region`'s masks are.
struct PlanRegion {
    int painting = Region::kKeepPhoto; ///< index into the piece's paintings, or Region::kKeepPhoto
    std::string mask;                  ///< the mask's file (absolute once read)
    std::string sha256;                ///< the file's SHA-256: checked when given, found when the plan is expanded
    float strength = 1.0f;
};

struct PlanGrid {
    std::vector<std::string> photos;
    std::vector<std::vector<std::string>> paintings; ///< each entry: one painting or a blend of several
    std::vector<std::string> models;                 ///< fast style networks (method "fast")
    std::vector<std::uint64_t> seeds;
    std::vector<std::pair<std::string, PlanSettings>> settings; ///< named sets, in the plan's order
};

struct PlanPieceEntry {
    std::string id; ///< empty: made from its place and pictures
    std::optional<PaintMethod> method;
    std::string photo;
    std::vector<std::string> paintings;
    std::string model;
    PlanSettings settings;
    std::optional<std::vector<PlanRegion>> regions; ///< none: the plan's
};

struct CollectionPlan {
    std::string name;
    PaintMethod method = PaintMethod::Optimize;
    PlanSettings settings; ///< defaults for every piece
    std::vector<PlanRegion> regions; ///< of every piece that names none itself
    std::optional<PlanGrid> grid;
    std::vector<PlanPieceEntry> pieces;
    std::map<std::string, PlanSettings> overrides; ///< by piece id, applied last
};

/// One piece to paint, fully resolved: absolute paths, every setting.
struct CollectionPiece {
    int index = 0;        ///< place in the plan's order, from 0; tokens are numbered index + 1
    std::string id;       ///< unique, safe as a file name
    PaintMethod method = PaintMethod::Optimize;
    std::string photo;
    std::vector<std::string> paintings;
    std::string model;    ///< the style network of "fast"
    std::string settingsName; ///< the grid's named settings it came from, if any
    PlanSettings settings;
    std::vector<PlanRegion> regions; ///< each with its mask's SHA-256
};

/// Parses a plan's JSON. Relative paths are taken relative to `baseFolder`.
/// Damaged JSON, an unknown key, a value of the wrong type or out of range
/// and a newer version are refused with Error(BadInput) naming `fileName`
/// and the entry.
CollectionPlan planFromJson(const std::string& text, const std::string& fileName, const std::string& baseFolder);

/// Reads and parses a plan file: a regular file of at most 256 MB (a FIFO or
/// a device is refused before it is opened).
CollectionPlan loadPlan(const std::string& path);

/// The JSON text of `plan` (format "brushwork-collection-plan").
std::string planToJson(const CollectionPlan& plan);

/// Expands the grid (photos, then paintings or models, then seeds, then
/// named settings, the last changing fastest), then the listed pieces, applies
/// the overrides, and checks every piece before anything renders: the files
/// exist, every setting parses, the method has what it needs. Throws
/// Error(BadInput) naming the piece and the problem. Each region's mask is
/// loaded and checked against the photo (loadRegionMask) and its SHA-256
/// found, or checked where the plan gives one.
std::vector<CollectionPiece> expandPlan(const CollectionPlan& plan, const std::string& fileName);

/// The number of pieces `plan` expands to, counted without expanding it;
/// more than kMaxCollectionPieces is refused with Error(BadInput) naming the
/// count and the limit.
std::size_t planPieceCount(const CollectionPlan& plan, const std::string& fileName);

/// A number setting of `piece` read exactly as the plan check reads it
/// (the plan check refuses what this cannot read), or `fallback`.
double pieceNumber(const CollectionPiece& piece, const std::string& key, double fallback);

/// The files painting `piece` reads: its photo, paintings, style network,
/// weights and masks.
std::vector<std::string> pieceInputs(const CollectionPiece& piece);

/// The plan of exactly these pieces (ids, absolute paths, every setting):
/// what a collection folder keeps as its manifest.
CollectionPlan planOfPieces(const std::string& name, const std::vector<CollectionPiece>& pieces);

/// Every run setting of a piece: the table's defaults, then its settings.
/// Throws Error(BadInput) naming a setting the plan check would refuse.
RunValues runValuesOf(const CollectionPiece& piece);

/// The style parameters of a piece's settings (runValuesOf's). Throws Error(BadInput).
StyleParams styleParamsOf(const CollectionPiece& piece);

/// The settings that styleParamsOf turns back into `params` (all but the
/// initial picture, which a plan cannot hold): what a piece needs so that
/// the plan's defaults cannot change how it paints.
PlanSettings planSettingsOf(const StyleParams& params);

/// The recipe that paints `piece`, as its painter runs it: the pictures at
/// absolute paths, its settings (runValuesOf) and, for a print size, the long
/// side and DPI it gives a photo of `photo` pixels, its regions with their
/// masks loaded (the network and weights are the painter's to fill in).
/// Throws Error(BadInput) as runValuesOf, or naming a mask that cannot be used.
Project recipeFor(const CollectionPiece& piece, cv::Size photo);

/// The piece a plan lists to paint `recipe` again (the studio's "Add to
/// Collection…"): its pictures' paths and planSettingsOf its parameters,
/// with its feature network and its print size in place of the pixels.
PlanPieceEntry planPieceOf(const Project& recipe);

/// Appends `piece` to the "pieces" of the plan file at `path`, or writes a
/// new plan holding only it when there is no file there. The rest of the
/// plan stays as it was (its grid, its other pieces, their relative paths,
/// the order of its keys); the file is replaced atomically. A file that is not a
/// plan, or a piece the plan could not render (a missing picture, a bad
/// setting), is refused with Error(BadInput) and the file is not touched.
/// Returns the number of pieces the plan then lists.
int appendPieceToPlanFile(const std::string& path, const PlanPieceEntry& piece);

/// The studio's "Add to Collection…": planPieceOf(recipe) appended to the
/// plan at `path` as appendPieceToPlanFile does, its regions' masks written
/// beside the plan as masks/<SHA-256>.png (maskPng: lossless 16-bit PNG, so
/// the same mask is one file) and named with their SHA-256. A file that is
/// not a plan is refused before any mask is written.
int addRecipeToPlanFile(const std::string& path, const Project& recipe);

/// The pieces of shard `shard` of `shards`: those whose index mod shards is shard.
std::vector<CollectionPiece> shardOf(const std::vector<CollectionPiece>& pieces, int shard, int shards);

} // namespace brushwork
