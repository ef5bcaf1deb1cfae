// SPDX-License-Identifier: GPL-3.0-or-later
#include "piecepainter.h"

#include "autosave.h"
#include "commandoptions.h"
#include "paintmemory.h"
#include "progressprinter.h"
#include "renderrun.h"

#include "brushwork/builtinmodels.h"
#include "brushwork/cputhreads.h"
#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/memorybudget.h"
#include "brushwork/sha256.h"

#include <chrono>
#include <filesystem>

namespace cli {
namespace {

namespace fs = std::filesystem;

std::string setting(const brushwork::CollectionPiece& piece, const std::string& key, const std::string& fallback = {})
{
    const auto found = piece.settings.find(key);
    return found == piece.settings.end() ? fallback : found->second;
}

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Writes the piece's image, then its record (network and weights filled in
/// by the caller): the record is what marks the piece done.
PieceOutcome finishPiece(brushwork::CollectionFolder& folder, const brushwork::CollectionPiece& piece,
                         const cv::Mat& picture, const brushwork::ImageSaveOptions& options,
                         brushwork::PieceRecord record, std::chrono::steady_clock::time_point start)
{
    brushwork::saveImage(folder.imagePath(piece.id), picture, options);
    record.id = piece.id;
    record.imageSha256 = brushwork::sha256File(folder.imagePath(piece.id));
    record.width = picture.cols;
    record.height = picture.rows;
    record.method = brushwork::methodName(piece.method);
    record.seconds = secondsSince(start);
    record.host = brushwork::hostName();
    folder.finish(record);
    return {PieceOutcome::Painted, {}, record.width, record.height};
}

/// The print size's DPI when the piece has one (and sets the size to fit
/// it), then the piece's own "dpi" when given.
double applyPrintAndDpi(const brushwork::CollectionPiece& piece, cv::Size photo, brushwork::StyleParams& params)
{
    double dpi = 0;
    if (const std::string print = setting(piece, "print"); !print.empty()) {
        const PrintSizing fit = fitPrint(print, photo.width, photo.height, false);
        params.size = fit.longSide;
        dpi = fit.dpi;
    }
    return brushwork::pieceNumber(piece, "dpi", dpi);
}

/// The long side the piece is painted at, from the photo's header: what the
/// memory check needs before the photo is decoded.
int longSideFromHeader(const brushwork::CollectionPiece& piece, cv::Size photo, brushwork::StyleParams params)
{
    applyPrintAndDpi(piece, photo, params);
    return params.size;
}

std::uint64_t budgetOf(const brushwork::StyleParams& params)
{
    return params.memoryBudget ? params.memoryBudget : brushwork::defaultMemoryBudget(false);
}

/// A piece painted like `render`: its pictures held at full size, as
/// `render` checks before loading them.
void requireOptimizedFits(const std::vector<std::string>& pictures, const brushwork::StyleParams& params)
{
    std::vector<cv::Size> sizes;
    for (const std::string& picture : pictures)
        sizes.push_back(brushwork::pictureSize(picture));
    brushwork::requireMemory("loading the photo and its paintings at full size", brushwork::loadedPicturesBytes(sizes),
                             budgetOf(params));
}

} // namespace

PiecePainter::PiecePainter(brushwork::CollectionFolder& folder, std::string device, int threads, int autosaveSeconds,
                           bool liveProgress, const InterruptGuard& interrupt)
    : mFolder(folder)
    , mDevice(std::move(device))
    , mThreads(threads)
    , mAutosaveSeconds(autosaveSeconds)
    , mLiveProgress(liveProgress)
    , mInterrupt(interrupt)
{
}

PieceOutcome PiecePainter::paint(const brushwork::CollectionPiece& piece)
{
    try {
        const PieceOutcome outcome = piece.method == brushwork::PaintMethod::Fast      ? paintFast(piece)
                                     : piece.method == brushwork::PaintMethod::Instant ? paintInstant(piece)
                                                                                       : paintOptimized(piece);
        if (outcome.kind == PieceOutcome::Failed)
            mFolder.markFailed(piece.id, outcome.reason);
        return outcome;
    } catch (const brushwork::Error& error) {
        // Writing into the collection itself failing stops the run; anything
        // about this piece only is noted and the run goes on with the next.
        if (error.kind() == brushwork::ErrorKind::Io && error.file().rfind(mFolder.folder(), 0) == 0)
            throw;
        mFolder.markFailed(piece.id, error.what());
        return {PieceOutcome::Failed, error.what()};
    } catch (const std::exception& error) {
        // Whatever else one piece's work throws (OpenCV, LibTorch, the
        // allocator) is that piece's failure too, never the collection's.
        const std::string reason = std::string("the piece could not be painted (") + error.what() + ")";
        mFolder.markFailed(piece.id, reason);
        return {PieceOutcome::Failed, reason};
    }
}

brushwork::StyleEngine& PiecePainter::engineFor(const brushwork::CollectionPiece& piece, std::string& weightsSha256)
{
    std::vector<std::string> options = {"--device", mDevice, "--threads", std::to_string(mThreads)};
    for (const char* key : {"weights", "network", "precision"})
        if (const std::string value = setting(piece, key); !value.empty())
            options.insert(options.end(), {std::string("--") + key, value});
    const brushwork::EngineOptions engineOptions = cli::engineOptions(Arguments(options, engineOptionNames(), {}));
    const std::string key = engineOptions.weightsPath + "|" + setting(piece, "network") + "|" + setting(piece, "precision");
    if (!mEngine || key != mEngineKey) {
        mEngine.reset();
        mEngine.emplace(engineOptions);
        mEngineKey = key;
        mEngineWeightsSha256 = brushwork::sha256File(engineOptions.weightsPath);
    }
    weightsSha256 = mEngineWeightsSha256;
    return *mEngine;
}

PieceOutcome PiecePainter::paintOptimized(const brushwork::CollectionPiece& piece)
{
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::string> pictures = {piece.photo};
    pictures.insert(pictures.end(), piece.paintings.begin(), piece.paintings.end());
    brushwork::StyleJob job;
    job.params = brushwork::styleParamsOf(piece);
    requireOptimizedFits(pictures, job.params);
    job.content = brushwork::loadImage(piece.photo);
    for (const std::string& painting : piece.paintings)
        job.styles.push_back({brushwork::loadImage(painting), fs::path(painting).stem().string()});
    brushwork::ImageSaveOptions saveOptions;
    saveOptions.dpi = applyPrintAndDpi(piece, job.content.size(), job.params);

    std::string weightsSha256;
    brushwork::StyleEngine& engine = engineFor(piece, weightsSha256);
    brushwork::Project recipe = recipeOf(pictures, job, engine.network(), weightsSha256);
    recipe.printSize = setting(piece, "print");
    recipe.dpi = saveOptions.dpi;

    // A run killed part way left its autosave: go on from its picture.
    const std::string autosavePath = mFolder.autosavePath(piece.id);
    brushwork::Project autosaveRecipe = recipe;
    if (fs::exists(autosavePath)) {
        try {
            const brushwork::Project saved = brushwork::loadProject(autosavePath);
            brushwork::resumeFrom(saved, autosavePath, job.params);
            autosaveRecipe = saved;
        } catch (const brushwork::Error&) {
            // A damaged autosave only costs the time it saved: start the piece over.
        }
    }
    Autosave autosave(autosavePath, autosaveRecipe, std::chrono::seconds(mAutosaveSeconds));
    brushwork::RunControl control;
    // Seen between the layers of every pass, not only at the next progress report.
    control.cancelWhen(&mInterrupt.flag());
    ProgressPrinter printer(mLiveProgress ? "text" : "none", engine.deviceName());
    const brushwork::RunResult result = runJob(engine, job, control, mInterrupt, printer, &autosave);
    if (result.failure)
        return {PieceOutcome::Failed, result.failure->what()};
    if (result.cancelled)
        return {PieceOutcome::Interrupted, {}, 0, 0};

    recipe.result = piece.id + ".png";
    brushwork::saveProject(mFolder.recipePath(piece.id), recipe);
    brushwork::PieceRecord record;
    record.network = brushwork::networkName(engine.network());
    record.weightsSha256 = weightsSha256;
    return finishPiece(mFolder, piece, result.image, saveOptions, record, start);
}

PieceOutcome PiecePainter::paintFast(const brushwork::CollectionPiece& piece)
{
    const auto start = std::chrono::steady_clock::now();
    brushwork::setCpuThreads(mThreads);
    auto& network = mFastNetworks[piece.model];
    if (!network) {
        network = std::make_unique<brushwork::FastStyleNetwork>(piece.model);
        mFastNetworkSha256[piece.model] = brushwork::sha256File(piece.model);
    }
    brushwork::StyleJob job;
    job.params = brushwork::styleParamsOf(piece);
    const cv::Size photo = brushwork::pictureSize(piece.photo);
    requireFastFits(photo, longSideFromHeader(piece, photo, job.params), budgetOf(job.params));
    job.content = brushwork::loadImage(piece.photo);
    brushwork::ImageSaveOptions saveOptions;
    saveOptions.dpi = applyPrintAndDpi(piece, job.content.size(), job.params);
    const cv::Mat painted = network->apply(brushwork::resizeToLongSide(job.content, job.params.size));
    if (mInterrupt.requested())
        return {PieceOutcome::Interrupted, {}, 0, 0};

    brushwork::PieceRecord record;
    record.weightsSha256 = mFastNetworkSha256[piece.model];
    return finishPiece(mFolder, piece, painted, saveOptions, record, start);
}

PieceOutcome PiecePainter::paintInstant(const brushwork::CollectionPiece& piece)
{
    const auto start = std::chrono::steady_clock::now();
    if (!mInstant) {
        mInstant = std::make_unique<brushwork::InstantStyle>(deviceNamed(mDevice), mThreads);
        mInstantSha256 = brushwork::sha256File(brushwork::builtinModelPath(brushwork::kStyleTransformerFile));
    }
    brushwork::StyleJob job;
    job.params = brushwork::styleParamsOf(piece);
    std::vector<cv::Size> sizes = {brushwork::pictureSize(piece.photo)};
    for (const std::string& painting : piece.paintings)
        sizes.push_back(brushwork::pictureSize(painting));
    requireInstantFits(sizes, longSideFromHeader(piece, sizes[0], job.params), budgetOf(job.params));
    job.content = brushwork::loadImage(piece.photo);
    brushwork::ImageSaveOptions saveOptions;
    saveOptions.dpi = applyPrintAndDpi(piece, job.content.size(), job.params);
    std::vector<cv::Mat> paintings;
    for (const std::string& painting : piece.paintings)
        paintings.push_back(brushwork::loadImage(painting));
    brushwork::InstantStyleOptions options;
    options.size = job.params.size;
    options.strength = float(brushwork::pieceNumber(piece, "strength", 1));
    options.styleWeights = job.params.weights.styleBlend;
    options.preserveColours = job.params.colour;
    const cv::Mat painted = brushwork::transferStyle(*mInstant, job.content, paintings, options);
    if (mInterrupt.requested())
        return {PieceOutcome::Interrupted, {}, 0, 0};

    brushwork::PieceRecord record;
    record.weightsSha256 = mInstantSha256;
    return finishPiece(mFolder, piece, painted, saveOptions, record, start);
}

} // namespace cli
