// SPDX-License-Identifier: GPL-3.0-or-later
#include "jobpainter.h"

#include "brushwork/autosave.h"
#include "brushwork/autosavepolicy.h"
#include "brushwork/builtinmodels.h"
#include "brushwork/image.h"
#include "brushwork/memorybudget.h"
#include "brushwork/project.h"
#include "brushwork/sha256.h"

#include <filesystem>

namespace brushwork {
namespace {

namespace fs = std::filesystem;

/// A server job is saved more often than a desktop run: a restarted server
/// goes on from it, and nobody is there to press Save.
constexpr std::chrono::seconds kAutosaveInterval{30};

std::string inFolder(const std::string& folder, const std::string& name)
{
    return (fs::path(folder) / name).string();
}

Project recipeOf(const CollectionPiece& piece, const StyleParams& params)
{
    Project recipe;
    recipe.content = {piece.photo, "photo", {}};
    for (std::size_t i = 0; i < piece.paintings.size(); ++i)
        recipe.styles.push_back({piece.paintings[i], "painting-" + std::to_string(i + 1), {}});
    recipe.params = params;
    recipe.params.initImage = cv::Mat();
    return recipe;
}

std::vector<cv::Mat> loadPaintings(const CollectionPiece& piece)
{
    std::vector<cv::Mat> paintings;
    for (const std::string& painting : piece.paintings)
        paintings.push_back(loadImage(painting));
    return paintings;
}

} // namespace

JobFiles::JobFiles(std::string jobFolder) : folder(std::move(jobFolder)) {}
std::string JobFiles::plan() const { return inFolder(folder, "plan.json"); }
std::string JobFiles::record() const { return inFolder(folder, "job.json"); }
std::string JobFiles::photo() const { return inFolder(folder, "photo.picture"); }
std::string JobFiles::painting(std::size_t index) const
{
    return inFolder(folder, "painting-" + std::to_string(index + 1) + ".picture");
}
std::string JobFiles::result() const { return inFolder(folder, "result.png"); }
std::string JobFiles::recipe() const { return inFolder(folder, "recipe.brushwork"); }

JobPainter::JobPainter(EngineOptions engine, std::uint64_t memoryBudget)
    : mOptions(std::move(engine))
    , mMemoryBudget(memoryBudget)
{
}
JobPainter::~JobPainter() = default;

JobRun JobPainter::paint(const JobFiles& files, const CollectionPiece& piece, RunControl& control,
                         const LossWeights& weights, bool resume, const RunCallbacks& callbacks)
{
    return piece.method == PaintMethod::Instant ? paintInstant(files, piece)
                                                : paintOptimized(files, piece, control, weights, resume, callbacks);
}

JobRun JobPainter::paintOptimized(const JobFiles& files, const CollectionPiece& piece, RunControl& control,
                                  const LossWeights& weights, bool resume, const RunCallbacks& callbacks)
{
    StyleJob job;
    job.params = styleParamsOf(piece);
    job.params.weights = weights;
    job.params.memoryBudget = mMemoryBudget; // the server's to choose: jobs cannot set it
    std::vector<cv::Size> sizes = {pictureSize(piece.photo)};
    for (const std::string& painting : piece.paintings)
        sizes.push_back(pictureSize(painting));
    requireMemory("loading the photo and its paintings at full size", loadedPicturesBytes(sizes),
                  job.params.memoryBudget ? job.params.memoryBudget : defaultMemoryBudget(false));
    job.content = loadImage(piece.photo);
    for (cv::Mat& painting : loadPaintings(piece))
        job.styles.push_back({painting, "painting"});
    const Project recipe = recipeOf(piece, job.params);
    if (resume && fs::exists(files.recipe()))
        resumeFrom(loadProject(files.recipe()), files.recipe(), job.params);
    if (!mEngine) {
        mEngine.emplace(mOptions);
        mWeightsSha256 = sha256File(mOptions.weightsPath);
    }
    Project saved = recipe;
    saved.network = networkName(mEngine->network());
    saved.weightsSha256 = mWeightsSha256;
    AutosavePolicy autosave(kAutosaveInterval);
    autosave.saved();
    RunCallbacks hooks = callbacks;
    hooks.onFrame = [&](const cv::Mat& frame, const Progress& progress) {
        if (callbacks.onFrame)
            callbacks.onFrame(frame, progress);
        if (autosave.due(progress)) {
            saved.doneIterations = progress.iteration;
            saved.totalIterations = progress.totalIterations;
            saveProjectWithPicture(files.recipe(), saved, frame);
            autosave.saved();
        }
    };
    const RunResult result = mEngine->run(job, control, hooks);
    JobRun run{result.cancelled, false, result.last};
    if (result.failure && result.last.iteration == 0)
        throw *result.failure;
    if (result.cancelled && result.last.iteration == 0)
        return run;
    saveImage(files.result(), result.image);
    saved.doneIterations = result.last.iteration;
    saved.totalIterations = result.last.totalIterations;
    saveProjectWithPicture(files.recipe(), saved, result.image);
    run.painted = true;
    if (result.failure)
        throw *result.failure;
    return run;
}

JobRun JobPainter::paintInstant(const JobFiles& files, const CollectionPiece& piece)
{
    if (!mInstant)
        mInstant = std::make_unique<InstantStyle>(mOptions.device, mOptions.threads);
    StyleParams params = styleParamsOf(piece);
    params.memoryBudget = mMemoryBudget;
    InstantStyleOptions options;
    options.size = params.size;
    options.strength = float(pieceNumber(piece, "strength", 1.0));
    options.styleWeights = params.weights.styleBlend;
    options.preserveColours = params.colour;
    std::vector<cv::Size> sizes = {pictureSize(piece.photo)};
    for (const std::string& painting : piece.paintings)
        sizes.push_back(pictureSize(painting));
    requireMemory("loading the photo and its paintings at full size", loadedPicturesBytes(sizes),
                  params.memoryBudget ? params.memoryBudget : defaultMemoryBudget(false));
    const cv::Mat painted = transferStyle(*mInstant, loadImage(piece.photo), loadPaintings(piece), options);
    saveImage(files.result(), painted);
    Project recipe = recipeOf(piece, params);
    recipe.instant = InstantRecipe{kAnyPaintingNetwork, sha256File(builtinModelPath(kStyleTransformerFile)),
                                   options.strength, {}};
    saveProjectWithPicture(files.recipe(), recipe, painted);
    JobRun run;
    run.painted = true;
    return run;
}

} // namespace brushwork
