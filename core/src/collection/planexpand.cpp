// SPDX-License-Identifier: GPL-3.0-or-later
// A plan expanded into its pieces, each checked before anything renders.
#include "brushwork/collection.h"

#include "collection/planproblem.h"
#include "collection/planregions.h"
#include "brushwork/printable.h"

#include <filesystem>
#include <map>

namespace brushwork {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void refuse(const std::string& fileName, const std::string& problem)
{
    refusePlan(fileName, problem);
}


/// Later layers win; "size" and "print" replace each other.
void merge(PlanSettings& into, const PlanSettings& layer)
{
    for (const auto& [key, value] : layer) {
        if (key == "size")
            into.erase("print");
        if (key == "print")
            into.erase("size");
        into[key] = value;
    }
}

std::string stem(const std::string& path)
{
    return fs::path(path).stem().string();
}

std::string safeName(const std::string& text)
{
    std::string safe;
    for (char c : text) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (plain)
            safe += c;
        else if (!safe.empty() && safe.back() != '_')
            safe += '_';
    }
    while (!safe.empty() && safe.back() == '_')
        safe.pop_back();
    return safe.substr(0, 40);
}

bool validId(const std::string& id)
{
    if (id.empty() || id.size() > 120 || id[0] == '.' || id[0] == '-')
        return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              c == '.' || c == '+'))
            return false;
    return true;
}

std::string madeId(const CollectionPiece& piece, std::size_t count)
{
    std::string number = std::to_string(piece.index);
    const std::size_t width = std::max<std::size_t>(3, std::to_string(count > 0 ? count - 1 : 0).size());
    number.insert(0, width - std::min(width, number.size()), '0');
    std::string id = number + "-" + safeName(stem(piece.photo));
    if (piece.method == PaintMethod::Fast) {
        id += "-" + safeName(stem(piece.model));
    } else {
        std::string styles;
        for (const std::string& painting : piece.paintings)
            styles += (styles.empty() ? "" : "+") + safeName(stem(painting));
        id += "-" + styles;
    }
    const auto seed = piece.settings.find("seed");
    if (seed != piece.settings.end())
        id += "-s" + seed->second;
    if (!piece.settingsName.empty())
        id += "-" + safeName(piece.settingsName);
    return id;
}

void requireFile(const std::string& fileName, const std::string& piece, const std::string& what, const std::string& path)
{
    // The name goes into the manifest, records, metadata and a terminal.
    if (!isPrintableText(path))
        refuse(fileName, "piece \"" + piece + "\": the name of " + what + " \"" + printableText(path) +
                             "\" is not printable text (invalid UTF-8 or control characters); rename the file");
    std::error_code error;
    if (!fs::is_regular_file(path, error))
        refuse(fileName, "piece \"" + piece + "\": " + what + " \"" + path + "\" does not exist");
}

void checkPiece(CollectionPiece& piece, const std::string& fileName, CheckedMasks& masks)
{
    requireFile(fileName, piece.id, "the photo", piece.photo);
    if (piece.method != PaintMethod::Fast) {
        if (piece.paintings.empty())
            refuse(fileName, "piece \"" + piece.id + "\" has no painting (method \"" + methodName(piece.method) +
                                 "\" needs at least one)");
        for (const std::string& painting : piece.paintings)
            requireFile(fileName, piece.id, "the painting", painting);
    } else {
        if (piece.model.empty())
            refuse(fileName, "piece \"" + piece.id + "\" has no \"model\" (method \"fast\" needs a style network)");
        requireFile(fileName, piece.id, "the style network", piece.model);
    }
    const auto weights = piece.settings.find("weights");
    if (weights != piece.settings.end())
        requireFile(fileName, piece.id, "the weights file", weights->second);
    try {
        (void)styleParamsOf(piece);
    } catch (const Error& error) {
        refuse(fileName, "piece \"" + piece.id + "\": " + error.reason());
    }
    for (const PlanRegion& region : piece.regions)
        requireFile(fileName, piece.id, "the mask", region.mask);
    checkPieceRegions(piece, fileName, masks);
}

} // namespace

std::size_t planPieceCount(const CollectionPlan& plan, const std::string& fileName)
{
    // Multiplied with a ceiling, not expanded: 1000 × 1000 × 1000 is a 61 KB
    // plan of 10⁹ pieces.
    constexpr std::size_t limit = kMaxCollectionPieces;
    std::size_t count = 1;
    std::string factors;
    auto times = [&](std::size_t factor, const char* what) {
        count = factor == 0 ? 0 : count > (limit + 1) / factor ? limit + 1 : count * factor;
        factors += (factors.empty() ? "" : " × ") + std::to_string(factor) + " " + what;
    };
    if (plan.grid) {
        const PlanGrid& grid = *plan.grid;
        times(grid.photos.size(), "photos");
        if (plan.method == PaintMethod::Fast)
            times(grid.models.size(), "models");
        else
            times(grid.paintings.size(), "paintings");
        times(std::max<std::size_t>(1, grid.seeds.size()), "seeds");
        times(std::max<std::size_t>(1, grid.settings.size()), "settings");
    } else {
        count = 0;
    }
    count = std::min(count + plan.pieces.size(), limit + 1);
    if (count > limit)
        refuse(fileName, "it has more than " + std::to_string(limit) + " pieces, the most a collection may have (" +
                             (factors.empty() ? "" : "the grid's " + factors + ", ") +
                             std::to_string(plan.pieces.size()) + " listed)");
    return count;
}

std::vector<CollectionPiece> expandPlan(const CollectionPlan& plan, const std::string& fileName)
{
    std::vector<CollectionPiece> pieces;
    pieces.reserve(planPieceCount(plan, fileName));
    if (plan.grid) {
        const PlanGrid& grid = *plan.grid;
        const bool fast = plan.method == PaintMethod::Fast;
        if (fast && grid.models.empty())
            refuse(fileName, "\"grid\" needs \"models\" (style networks) for the method \"fast\"");
        if (!fast && grid.paintings.empty())
            refuse(fileName, std::string("\"grid\" needs \"paintings\" for the method \"") + methodName(plan.method) + "\"");
        const std::size_t styles = fast ? grid.models.size() : grid.paintings.size();
        const std::size_t seeds = std::max<std::size_t>(1, grid.seeds.size());
        const std::size_t named = std::max<std::size_t>(1, grid.settings.size());
        for (const std::string& photo : grid.photos)
            for (std::size_t s = 0; s < styles; ++s)
                for (std::size_t seed = 0; seed < seeds; ++seed)
                    for (std::size_t n = 0; n < named; ++n) {
                        CollectionPiece piece;
                        piece.method = plan.method;
                        piece.photo = photo;
                        if (fast)
                            piece.model = grid.models[s];
                        else
                            piece.paintings = grid.paintings[s];
                        piece.settings = plan.settings;
                        piece.regions = plan.regions;
                        if (!grid.seeds.empty())
                            piece.settings["seed"] = std::to_string(grid.seeds[seed]);
                        if (!grid.settings.empty()) {
                            piece.settingsName = grid.settings[n].first;
                            merge(piece.settings, grid.settings[n].second);
                        }
                        pieces.push_back(piece);
                    }
    }
    std::vector<std::string> givenIds(pieces.size());
    for (const PlanPieceEntry& entry : plan.pieces) {
        CollectionPiece piece;
        piece.method = entry.method.value_or(plan.method);
        piece.photo = entry.photo;
        piece.paintings = entry.paintings;
        piece.model = entry.model;
        piece.regions = entry.regions.value_or(plan.regions);
        piece.settings = plan.settings;
        merge(piece.settings, entry.settings);
        const auto named = piece.settings.find("settings_name");
        if (named != piece.settings.end())
            piece.settingsName = named->second;
        pieces.push_back(piece);
        givenIds.push_back(entry.id);
    }
    std::map<std::string, std::size_t> ids;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        CollectionPiece& piece = pieces[i];
        piece.index = int(i);
        piece.id = givenIds[i].empty() ? madeId(piece, pieces.size()) : givenIds[i];
        if (!validId(piece.id))
            refuse(fileName, "the piece id \"" + piece.id +
                                 "\" is not usable as a file name (letters, digits, '.', '_', '+' and '-' only)");
        if (!ids.emplace(piece.id, i).second)
            refuse(fileName, "two pieces have the id \"" + piece.id + "\"");
    }
    for (const auto& [id, settings] : plan.overrides) {
        const auto found = ids.find(id);
        if (found == ids.end())
            refuse(fileName, "\"overrides\" names the piece \"" + id + "\", which the plan does not have");
        merge(pieces[found->second].settings, settings);
    }
    CheckedMasks masks;
    for (CollectionPiece& piece : pieces)
        checkPiece(piece, fileName, masks);
    return pieces;
}

std::vector<std::string> pieceInputs(const CollectionPiece& piece)
{
    std::vector<std::string> inputs = {piece.photo};
    inputs.insert(inputs.end(), piece.paintings.begin(), piece.paintings.end());
    if (!piece.model.empty())
        inputs.push_back(piece.model);
    if (const auto weights = piece.settings.find("weights"); weights != piece.settings.end())
        inputs.push_back(weights->second);
    for (const PlanRegion& region : piece.regions)
        inputs.push_back(region.mask);
    return inputs;
}

CollectionPlan planOfPieces(const std::string& name, const std::vector<CollectionPiece>& pieces)
{
    CollectionPlan plan;
    plan.name = name;
    for (const CollectionPiece& piece : pieces) {
        PlanPieceEntry entry;
        entry.id = piece.id;
        entry.method = piece.method;
        entry.photo = piece.photo;
        entry.paintings = piece.paintings;
        entry.model = piece.model;
        entry.settings = piece.settings;
        if (!piece.regions.empty())
            entry.regions = piece.regions;
        if (!piece.settingsName.empty())
            entry.settings["settings_name"] = piece.settingsName;
        plan.pieces.push_back(entry);
    }
    return plan;
}

std::vector<CollectionPiece> shardOf(const std::vector<CollectionPiece>& pieces, int shard, int shards)
{
    std::vector<CollectionPiece> selected;
    for (const CollectionPiece& piece : pieces)
        if (piece.index % shards == shard)
            selected.push_back(piece);
    return selected;
}

} // namespace brushwork
