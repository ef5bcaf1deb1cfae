// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/piecepainter.h"

#include "pieces/clippiece.h"

#include "brushwork/autosave.h"
#include "brushwork/builtinmodels.h"
#include "brushwork/cputhreads.h"
#include "brushwork/engineoptions.h"
#include "brushwork/error.h"
#include "brushwork/faststyle.h"
#include "brushwork/image.h"
#include "brushwork/instantstyle.h"
#include "brushwork/memorybudget.h"
#include "brushwork/paintmemory.h"
#include "brushwork/sha256.h"

#include <filesystem>
#include <map>
#include <optional>

namespace brushwork {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Writes the piece's image, then its record (network and weights filled in
/// by the caller): the record is what marks the piece done.
PieceOutcome finishPiece(CollectionFolder& folder, const CollectionPiece& piece, const cv::Mat& picture, double dpi,
                         PieceRecord record, Clock::time_point start)
{
    ImageSaveOptions options;
    options.dpi = dpi;
    saveImage(folder.imagePath(piece.id), picture, options);
    record.id = piece.id;
    record.imageSha256 = sha256File(folder.imagePath(piece.id));
    record.width = picture.cols;
    record.height = picture.rows;
    record.method = methodName(piece.method);
    record.seconds = secondsSince(start);
    record.host = hostName();
    folder.finish(record);
    return {PieceOutcome::Painted, {}, record.width, record.height};
}

/// A clip piece: its animation, then its poster as the piece's image.
PieceOutcome paintClipOf(const CollectionPiece& piece, CollectionFolder& folder, const PiecePainterOptions& options,
                         RunControl& control, const PieceCallbacks& callbacks)
{
    const auto start = Clock::now();
    const PaintedClip clip = paintClipPiece(piece, folder, options.device, options.threads, control, callbacks.onNotice);
    if (clip.cancelled)
        return {PieceOutcome::Interrupted, {}, 0, 0};
    PieceRecord record;
    record.weightsSha256 = clip.weightsSha256;
    record.animation = clip.animation;
    return finishPiece(folder, piece, clip.poster, 0, record, start);
}

std::uint64_t budgetOf(const StyleParams& params)
{
    return params.memoryBudget ? params.memoryBudget : defaultMemoryBudget(false);
}

/// A piece painted like `render`: its pictures held at full size, as
/// `render` checks before loading them.
void requireOptimizedFits(const std::vector<std::string>& pictures, const StyleParams& params)
{
    std::vector<cv::Size> sizes;
    for (const std::string& picture : pictures)
        sizes.push_back(pictureSize(picture));
    requireMemory("loading the photo and its paintings at full size", loadedPicturesBytes(sizes), budgetOf(params));
}

} // namespace

/// What is kept loaded from one piece to the next.
struct PiecePainter::Networks {
    std::string engineKey;
    std::optional<StyleEngine> engine;
    std::string engineWeightsSha256;
    std::map<std::string, std::unique_ptr<FastStyleNetwork>> fast;
    std::map<std::string, std::string> fastSha256;
    std::unique_ptr<InstantStyle> instant;
    std::string instantSha256; ///< of the built-in style transformer
};

PiecePainter::PiecePainter(PiecePainterOptions options)
    : mOptions(options)
    , mNetworks(std::make_unique<Networks>())
{
}

PiecePainter::~PiecePainter() = default;

PieceOutcome PiecePainter::paintPiece(const CollectionPiece& piece, CollectionFolder& folder, RunControl& control,
                                      const PieceCallbacks& callbacks)
{
    try {
        const PieceOutcome outcome = isClipPiece(piece) ? paintClipOf(piece, folder, mOptions, control, callbacks)
                                     : piece.method == PaintMethod::Fast    ? paintFast(piece, folder, control)
                                     : piece.method == PaintMethod::Instant ? paintInstant(piece, folder, control)
                                                                            : paintOptimized(piece, folder, control, callbacks);
        if (outcome.kind == PieceOutcome::Failed)
            folder.markFailed(piece.id, outcome.reason);
        return outcome;
    } catch (const Error& error) {
        // Writing into the collection itself failing stops the run; anything
        // about this piece only is noted and the run goes on with the next.
        if (error.kind() == ErrorKind::Io && error.file().rfind(folder.folder(), 0) == 0)
            throw;
        folder.markFailed(piece.id, error.what());
        return {PieceOutcome::Failed, error.what()};
    } catch (const std::exception& error) {
        // Whatever else one piece's work throws (OpenCV, LibTorch, the
        // allocator) is that piece's failure too, never the collection's.
        const std::string reason = std::string("the piece could not be painted (") + error.what() + ")";
        folder.markFailed(piece.id, reason);
        return {PieceOutcome::Failed, reason};
    }
}

PieceOutcome PiecePainter::paintOptimized(const CollectionPiece& piece, CollectionFolder& folder, RunControl& control,
                                          const PieceCallbacks& callbacks)
{
    const auto start = Clock::now();
    std::vector<std::string> pictures = {piece.photo};
    pictures.insert(pictures.end(), piece.paintings.begin(), piece.paintings.end());
    Project recipe = recipeFor(piece, pictureSize(piece.photo));
    requireOptimizedFits(pictures, recipe.params);
    StyleJob job;
    job.params = recipe.params;
    job.content = loadImage(piece.photo);
    for (std::size_t i = 0; i < piece.paintings.size(); ++i)
        job.styles.push_back({loadImage(piece.paintings[i]), recipe.styles[i].name});

    const EngineOptions options = engineOptionsFor(runValuesOf(piece), mOptions.device, mOptions.threads,
                                                   callbacks.onNotice);
    const std::string key = options.weightsPath + "|" + networkName(options.network) + "|" +
                            std::to_string(int(options.precision));
    Networks& n = *mNetworks;
    if (!n.engine || key != n.engineKey) {
        n.engine.reset();
        n.engine.emplace(options);
        n.engineKey = key;
        n.engineWeightsSha256 = sha256File(options.weightsPath);
    }
    recipe.network = networkName(n.engine->network());
    recipe.weightsSha256 = n.engineWeightsSha256;

    // A run killed part way left its autosave: go on from its picture.
    const std::string autosavePath = folder.autosavePath(piece.id);
    Project autosaveRecipe = recipe;
    if (fs::exists(autosavePath)) {
        try {
            const Project saved = loadProject(autosavePath);
            resumeFrom(saved, autosavePath, job.params);
            autosaveRecipe = saved;
        } catch (const Error&) {
            // A damaged autosave only costs the time it saved: start the piece over.
        }
    }
    Autosave autosave(autosavePath, autosaveRecipe, mOptions.autosaveEvery, callbacks.onNotice);
    RunCallbacks run;
    run.onProgress = callbacks.onProgress;
    run.onFrame = [&](const cv::Mat& frame, const Progress& progress) { autosave.onFrame(frame, progress); };
    run.onNotice = callbacks.onNotice;
    if (callbacks.onRunStart)
        callbacks.onRunStart(n.engine->deviceName());
    const RunResult result = n.engine->run(job, control, run);
    if (callbacks.onRunEnd)
        callbacks.onRunEnd();
    autosave.save(result.image, result.last);
    if (result.failure)
        return {PieceOutcome::Failed, result.failure->what()};
    if (result.cancelled)
        return {PieceOutcome::Interrupted, {}, 0, 0};

    recipe.result = piece.id + ".png";
    saveProject(folder.recipePath(piece.id), recipe);
    PieceRecord record;
    record.network = recipe.network;
    record.weightsSha256 = recipe.weightsSha256;
    return finishPiece(folder, piece, result.image, recipe.dpi, record, start);
}

PieceOutcome PiecePainter::paintFast(const CollectionPiece& piece, CollectionFolder& folder, const RunControl& control)
{
    const auto start = Clock::now();
    setCpuThreads(mOptions.threads);
    Networks& n = *mNetworks;
    auto& network = n.fast[piece.model];
    if (!network) {
        network = std::make_unique<FastStyleNetwork>(piece.model);
        n.fastSha256[piece.model] = sha256File(piece.model);
    }
    const cv::Size photo = pictureSize(piece.photo);
    const Project recipe = recipeFor(piece, photo);
    requireFastFits(photo, recipe.params.size, budgetOf(recipe.params));
    const cv::Mat painted = network->apply(resizeToLongSide(loadImage(piece.photo), recipe.params.size));
    if (control.cancelRequested())
        return {PieceOutcome::Interrupted, {}, 0, 0};

    PieceRecord record;
    record.weightsSha256 = n.fastSha256[piece.model];
    return finishPiece(folder, piece, painted, recipe.dpi, record, start);
}

PieceOutcome PiecePainter::paintInstant(const CollectionPiece& piece, CollectionFolder& folder,
                                        const RunControl& control)
{
    const auto start = Clock::now();
    Networks& n = *mNetworks;
    if (!n.instant) {
        n.instant = std::make_unique<InstantStyle>(mOptions.device, mOptions.threads);
        n.instantSha256 = sha256File(builtinModelPath(kStyleTransformerFile));
    }
    std::vector<cv::Size> sizes = {pictureSize(piece.photo)};
    for (const std::string& painting : piece.paintings)
        sizes.push_back(pictureSize(painting));
    const Project recipe = recipeFor(piece, sizes[0]);
    requireInstantFits(sizes, recipe.params.size, budgetOf(recipe.params));
    std::vector<cv::Mat> paintings;
    for (const std::string& painting : piece.paintings)
        paintings.push_back(loadImage(painting));
    InstantStyleOptions options;
    options.size = recipe.params.size;
    options.strength = runValuesOf(piece).strength;
    options.styleWeights = recipe.params.weights.styleBlend;
    options.preserveColours = recipe.params.colour;
    options.regions = recipe.params.weights.regions;
    const cv::Mat painted = transferStyle(*n.instant, loadImage(piece.photo), paintings, options);
    if (control.cancelRequested())
        return {PieceOutcome::Interrupted, {}, 0, 0};

    PieceRecord record;
    record.weightsSha256 = n.instantSha256;
    return finishPiece(folder, piece, painted, recipe.dpi, record, start);
}

} // namespace brushwork
