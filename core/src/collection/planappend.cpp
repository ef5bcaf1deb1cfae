// SPDX-License-Identifier: GPL-3.0-or-later
// Adding one piece to a plan file, as the studio's "Add to Collection…" does.
#include "brushwork/collection.h"

#include "collection/planregions.h"

#include "brushwork/error.h"
#include "brushwork/atomicfile.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace brushwork {
namespace {

// Ordered: the plan keeps its keys in the order its author wrote them.
using json = nlohmann::ordered_json;
namespace fs = std::filesystem;

std::string readPlanText(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof())
        throw Error(ErrorKind::Io, path, "the plan could not be read");
    return text.str();
}

/// The piece as the plan file spells it.
json pieceJson(const PlanPieceEntry& piece)
{
    CollectionPlan one;
    one.pieces.push_back(piece);
    return json::parse(planToJson(one)).at("pieces").at(0);
}

} // namespace

int appendPieceToPlanFile(const std::string& path, const PlanPieceEntry& piece)
{
    std::error_code error;
    const bool exists = fs::exists(path, error);

    CollectionPlan checked;
    json root;
    if (exists) {
        // loadPlan refuses what is not a plan (and what is too large to be
        // one); the text itself is edited so the rest stays as written.
        checked = loadPlan(path);
        checked.grid.reset();
        checked.pieces.clear();
        checked.overrides.clear();
        root = json::parse(readPlanText(path));
    } else {
        CollectionPlan fresh;
        fresh.name = fs::path(path).stem().string();
        root = json::parse(planToJson(fresh));
    }
    // The new piece is checked with the plan's defaults, alone: another
    // piece's missing file is that piece's problem, found when it renders.
    checked.pieces.push_back(piece);
    (void)expandPlan(checked, path);

    if (!root.contains("pieces"))
        root["pieces"] = json::array();
    root["pieces"].push_back(pieceJson(piece));
    const std::string text = root.dump(2) + "\n";
    writeFileAtomically(path, "the plan", text.data(), text.size());
    return int(root["pieces"].size());
}

int addRecipeToPlanFile(const std::string& path, const Project& recipe)
{
    std::error_code error;
    // A file that is not a plan is refused before masks are written beside it.
    if (fs::exists(path, error))
        (void)loadPlan(path);
    PlanPieceEntry piece = planPieceOf(recipe);
    if (!recipe.params.weights.regions.empty())
        piece.regions = writePlanMasks(recipe.params.weights.regions, path);
    return appendPieceToPlanFile(path, piece);
}

} // namespace brushwork
