// SPDX-License-Identifier: GPL-3.0-or-later
// A piece and the recipe that paints it, each made from the other: the
// painter's recipe of a plan's piece, the studio's piece of its recipe.
#include "brushwork/collection.h"

#include "collection/planregions.h"
#include "brushwork/printsize.h"

#include <algorithm>
#include <filesystem>

namespace brushwork {
namespace {

namespace fs = std::filesystem;

ProjectPicture pictureAt(const std::string& path)
{
    std::error_code error;
    const fs::path full = fs::absolute(path, error);
    return {error ? path : full.lexically_normal().string(), fs::path(path).stem().string(), {}};
}

} // namespace

Project recipeFor(const CollectionPiece& piece, cv::Size photo)
{
    const RunValues values = runValuesOf(piece);
    Project recipe;
    recipe.content = pictureAt(piece.photo);
    for (const std::string& painting : piece.paintings)
        recipe.styles.push_back(pictureAt(painting));
    recipe.params = values.params;
    recipe.params.weights.regions = loadPieceRegions(piece, photo);
    recipe.printSize = values.print;
    if (!values.print.empty()) {
        const PrintFit fit = fitToPrint(parsePrintSize(values.print), photo.width, photo.height);
        recipe.params.size = std::max(fit.width, fit.height);
        recipe.dpi = fit.effectiveDpi;
    }
    if (values.dpi > 0)
        recipe.dpi = values.dpi;
    return recipe;
}

PlanPieceEntry planPieceOf(const Project& recipe)
{
    PlanPieceEntry piece;
    piece.photo = recipe.content.path;
    for (const ProjectPicture& painting : recipe.styles)
        piece.paintings.push_back(painting.path);
    piece.settings = planSettingsOf(recipe.params);
    piece.settings["network"] = recipe.network;
    // The print size, not the pixels it gave this photo, says what was asked.
    if (!recipe.printSize.empty()) {
        piece.settings.erase("size");
        piece.settings["print"] = recipe.printSize;
    }
    return piece;
}

} // namespace brushwork
