// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandoptions.h"
#include "commands.h"
#include "interrupt.h"
#include "progressprinter.h"
#include "renderrun.h"

#include "brushwork/engine.h"
#include "brushwork/image.h"
#include "brushwork/memorybudget.h"
#include "brushwork/nftpackage.h"
#include "brushwork/outputpath.h"
#include "brushwork/printable.h"
#include "brushwork/project.h"
#include "brushwork/sha256.h"

#include <filesystem>
#include <iostream>
#include <optional>

namespace cli {
namespace {

/// The content and style pictures of `project`, as the project finds them.
std::vector<std::string> projectPictures(const brushwork::Project& project, const std::string& projectFile)
{
    std::vector<std::string> pictures = {brushwork::locateProjectPhoto(projectFile, project, isClip).path};
    for (const brushwork::ProjectPicture& style : project.styles)
        pictures.push_back(brushwork::locateProjectPicture(projectFile, style));
    return pictures;
}

/// Every file the run will write, checked before anything is loaded or
/// painted; none may be one of the run's inputs.
void checkOutputs(const Arguments& parsed, const std::optional<std::string>& output,
                  const std::optional<std::string>& nftFolder, const std::vector<std::string>& pictures,
                  const std::optional<std::string>& projectFile, const std::optional<brushwork::Project>& project,
                  const std::string& weightsPath)
{
    std::vector<std::string> inputs = pictures;
    inputs.push_back(weightsPath);
    if (projectFile) {
        inputs.push_back(*projectFile);
        if (!project->result.empty())
            inputs.push_back((std::filesystem::path(*projectFile).parent_path() / project->result).string());
    }
    if (const auto init = parsed.text("init"); init && *init != "content" && *init != "noise" && *init != "instant")
        inputs.push_back(*init);
    for (const std::string& region : parsed.texts("region"))
        inputs.push_back(region.substr(region.find('=') + 1));
    const bool overwrite = parsed.has("overwrite");
    if (output) {
        const brushwork::OutputCheck picture{"the picture", brushwork::pictureOutputExtensions(), false, overwrite};
        brushwork::checkOutputPath(*output, picture, inputs);
        const int iterations = parsed.integer("iterations", 1000000, 0, 1000000);
        brushwork::checkSnapshotPaths(*output, parsed.integer("save-every", 0, 0, 1000000), iterations,
                                      {"the snapshot", {}, false, overwrite}, inputs);
    }
    if (nftFolder) {
        brushwork::checkOutputPath(*nftFolder, {"the minting folder (--nft)", {}, true, overwrite}, inputs);
        // The pictures' names go into the metadata, which is JSON: UTF-8 only.
        for (const std::string& picture : pictures)
            if (!brushwork::isPrintableText(picture))
                throw brushwork::Error(brushwork::ErrorKind::BadInput, brushwork::printableText(picture),
                                       "the file's name is not printable text (invalid UTF-8 or control "
                                       "characters), which the minting metadata cannot hold",
                                       "Rename the file");
    }
    if (const auto autosave = parsed.text("autosave")) {
        brushwork::checkOutputPath(*autosave, {"the autosave project", {}, false, overwrite}, inputs);
        const std::filesystem::path path(*autosave);
        brushwork::checkOutputPath((path.parent_path() / (path.stem().string() + ".result.png")).string(),
                                   {"the autosave picture", {}, false, overwrite}, inputs);
    }
}

/// What `render` was asked for: its options, the project it goes on from,
/// the pictures and where the result goes.
struct RenderRequest {
    explicit RenderRequest(Arguments arguments) : parsed(std::move(arguments)) {}

    Arguments parsed;
    std::optional<std::string> projectFile;
    std::optional<brushwork::Project> project;
    std::vector<std::string> pictures; ///< content first
    int clipFrame = 0; ///< from 1: the content is this frame of the clip pictures[0] (a project's)
    std::optional<std::string> output;
    std::optional<std::string> nftFolder;
    std::string progressMode;
    int saveEvery = 0;
    brushwork::ImageSaveOptions saveOptions;
    std::string printText;
};

Arguments parseArguments(const std::vector<std::string>& rawArgs)
{
    std::set<std::string> valued = {"o", "output", "save-every", "progress", "jpeg-quality", "print", "dpi", "nft",
                                    "project", "autosave", "autosave-every"};
    valued.insert(engineOptionNames().begin(), engineOptionNames().end());
    valued.insert(styleOptionNames().begin(), styleOptionNames().end());
    // -o is the one short option; treat it as --o.
    std::vector<std::string> args;
    for (const std::string& arg : rawArgs)
        args.push_back(arg == "-o" ? "--o" : arg);
    std::set<std::string> flags = {"sixteen-bit", "resume", "overwrite"};
    flags.insert(styleFlagNames().begin(), styleFlagNames().end());
    return Arguments(args, valued, flags);
}

/// What reproduces the run `request` asked for, with its print and the
/// clip's frame that is its photo, if any.
brushwork::Project recipeOfRequest(const RenderRequest& request, const brushwork::StyleJob& job,
                                   const brushwork::StyleEngine& engine, const std::string& weightsSha256)
{
    brushwork::Project recipe = recipeOf(request.pictures, job, engine.network(), weightsSha256);
    recipe.printSize = request.printText;
    recipe.dpi = request.saveOptions.dpi;
    recipe.contentFrame = request.clipFrame;
    return recipe;
}

/// Step 1: the options, checked before anything is loaded.
RenderRequest parseRequest(const std::vector<std::string>& rawArgs)
{
    RenderRequest request(parseArguments(rawArgs));
    const Arguments& parsed = request.parsed;
    request.projectFile = parsed.text("project");
    request.pictures = parsed.positional();
    if (request.projectFile) {
        if (!request.pictures.empty())
            throw UsageError("give either --project FILE or the pictures, not both");
        request.project = brushwork::loadProject(*request.projectFile);
        request.pictures = projectPictures(*request.project, *request.projectFile);
        request.clipFrame = brushwork::locateProjectPhoto(*request.projectFile, *request.project, isClip).frame;
        // The starting picture of a project is its saved result, not stored as a parameter.
        if (request.project->params.init == brushwork::InitKind::Image)
            request.project->params.init = brushwork::InitKind::Content;
    }
    if (request.pictures.size() < 2)
        throw UsageError("render needs a content image and at least one style image");
    // Checked before any is loaded: each is held at full size.
    if (request.pictures.size() - 1 > std::size_t(brushwork::kMaxStyles))
        throw UsageError("at most " + std::to_string(brushwork::kMaxStyles) + " style images, not " +
                         std::to_string(request.pictures.size() - 1));
    request.nftFolder = parsed.text("nft");
    request.output = parsed.text("o") ? parsed.text("o") : parsed.text("output");
    if (!request.output && !request.nftFolder)
        throw UsageError("render needs -o OUT, the file to write (.png, .jpg, .tif or .webp), or --nft FOLDER");
    request.progressMode = parsed.choice("progress", {"text", "json", "none"});
    request.saveEvery = parsed.integer("save-every", 0, 0, 1000000);
    request.saveOptions.jpegQuality = parsed.integer("jpeg-quality", request.saveOptions.jpegQuality, 1, 100);
    request.saveOptions.sixteenBit = parsed.has("sixteen-bit");
    return request;
}

/// Step 2: the pictures loaded and every parameter of the run settled.
brushwork::StyleJob prepareJob(RenderRequest& request)
{
    const Arguments& parsed = request.parsed;
    const std::optional<brushwork::Project>& project = request.project;
    brushwork::StyleJob job;
    job.params = project ? project->params : styleParams(parsed, request.pictures.size() - 1);
    // A project saved with a clip open paints the frame it showed, as Start
    // did; the clip has no header to size one frame by, so it is read first.
    if (request.clipFrame > 0) {
        std::cerr << "The project's photo is frame " << request.clipFrame << " of " << request.pictures[0]
                  << ": painting that frame (brushwork-cli video paints the whole clip)\n";
        job.content = projectClipFrame(request.pictures[0], request.clipFrame);
    }
    // Every picture is held at full size for the whole run: their headers
    // say how much that is before any is decoded.
    std::vector<cv::Size> sizes;
    for (const std::string& picture : request.pictures)
        sizes.push_back(sizes.empty() && !job.content.empty() ? job.content.size() : brushwork::pictureSize(picture));
    brushwork::requireMemory("loading the photo and " + std::to_string(sizes.size() - 1) +
                                 (sizes.size() == 2 ? " painting" : " paintings") + " at full size",
                             brushwork::loadedPicturesBytes(sizes),
                             job.params.memoryBudget ? job.params.memoryBudget : brushwork::defaultMemoryBudget(false));
    if (job.content.empty())
        job.content = brushwork::loadImage(request.pictures[0]);
    for (std::size_t i = 1; i < request.pictures.size(); ++i)
        job.styles.push_back(
            {brushwork::loadImage(request.pictures[i]), std::filesystem::path(request.pictures[i]).stem().string()});
    // --region with --project replaces the project's regions, as other options replace its settings.
    if (!project || parsed.has("region"))
        job.params.weights.regions = regionsOption(parsed, job.styles.size(), job.content.size());
    request.printText = project ? project->printSize : std::string();
    if (project)
        request.saveOptions.dpi = project->dpi;
    if (parsed.has("resume")) {
        if (!project)
            throw UsageError("--resume goes on from a project: give --project FILE");
        brushwork::resumeFrom(*project, *request.projectFile, job.params);
    }
    if (project && parsed.has("iterations"))
        job.params.iterations = parsed.integer("iterations", job.params.iterations, 0, 1000000);
    if (project && parsed.has("no-early-stop"))
        job.params.stopAtPlateau = false;
    if (request.saveEvery > 0)
        job.params.frameEvery = request.saveEvery;
    if (const auto print = parsed.text("print")) {
        if (parsed.has("size"))
            throw UsageError("give either --size or --print, not both");
        request.printText = *print;
        const PrintSizing fit = fitPrint(*print, job.content.cols, job.content.rows, true);
        job.params.size = fit.longSide;
        request.saveOptions.dpi = fit.dpi;
    }
    if (parsed.has("dpi"))
        request.saveOptions.dpi = std::stod(settingOption(parsed, *brushwork::findRunSetting("dpi")));
    return job;
}

/// Step 3: the run, with progress, Ctrl-C, snapshots and the autosave.
brushwork::RunResult paint(const RenderRequest& request, const brushwork::StyleJob& job,
                           brushwork::StyleEngine& engine, const std::string& weightsSha256)
{
    const Arguments& parsed = request.parsed;
    brushwork::RunControl control;
    const InterruptGuard interrupt;
    control.cancelWhen(&interrupt.flag());
    ProgressPrinter printer(request.progressMode, engine.deviceName());
    // A value the engine refuses is the project's fault when it came from one.
    auto blameProject = [&](auto&& work) {
        try {
            return work();
        } catch (const brushwork::Error& error) {
            if (!request.project || error.kind() != brushwork::ErrorKind::Usage)
                throw;
            throw brushwork::Error(brushwork::ErrorKind::BadInput, *request.projectFile,
                                   std::string("the project cannot be used: ") + error.what(),
                                   "Open the pictures again instead, or fix the value in the project");
        }
    };
    if (request.progressMode == "text") {
        const brushwork::MemoryPlan plan = blameProject([&] { return engine.memoryPlan(job); });
        if (plan.tileSide > 0)
            std::cerr << "Too large to paint at once (about " << brushwork::formatBytes(plan.untiledBytes)
                      << "): the final scale is painted in tiles of " << plan.tileSide << " px (about "
                      << brushwork::formatBytes(plan.tiledBytes) << " of " << brushwork::formatBytes(plan.budget)
                      << " allowed)\n";
    }
    std::optional<brushwork::Autosave> autosave;
    if (const auto autosavePath = parsed.text("autosave")) {
        const brushwork::Project recipe = recipeOfRequest(request, job, engine, weightsSha256);
        const int every = parsed.integer("autosave-every", int(brushwork::AutosavePolicy::kDefaultInterval.count()), 1,
                                         86400);
        autosave.emplace(*autosavePath, recipe, std::chrono::seconds(every),
                         [](const std::string& warning) { std::cerr << warning << "\n"; });
    }
    return blameProject([&] {
        return runJob(engine, job, control, interrupt, printer, autosave ? &*autosave : nullptr,
                      [&](const cv::Mat& frame, const brushwork::Progress& progress) {
                          if (request.output && request.saveEvery > 0 && progress.iteration > 0 &&
                              progress.iteration % request.saveEvery == 0)
                              brushwork::saveImage(brushwork::snapshotPath(*request.output, progress.iteration), frame,
                                                   request.saveOptions);
                      });
    });
}

/// Step 4: the picture, the minting folder and what happened, said once.
int writeResult(const RenderRequest& request, const brushwork::StyleJob& job, const brushwork::StyleEngine& engine,
                const std::string& weightsSha256, const brushwork::RunResult& result)
{
    // Interrupted before its first iteration, the run has only the photo to
    // show, which is not a painting; nothing is written.
    const bool nothingPainted = result.cancelled && result.last.iteration == 0;
    if (nothingPainted) {
        std::cerr << "Interrupted before anything was painted: nothing written\n";
        return kInterrupted;
    }
    const auto& output = request.output;
    if (output)
        brushwork::saveImage(*output, result.image, request.saveOptions);
    if (result.failure) {
        if (output)
            std::cerr << "Kept the last good picture (iteration " << result.last.iteration << ") in " << *output
                      << "\n";
        throw *result.failure;
    }
    if (request.nftFolder && !result.cancelled) {
        const brushwork::Project recipe = recipeOfRequest(request, job, engine, weightsSha256);
        const brushwork::NftPackage package = brushwork::writeNftPackage(*request.nftFolder, result.image, recipe);
        std::cerr << "Wrote the minting folder " << package.folder << " (image SHA-256 " << package.imageSha256
                  << ")\n";
    }
    if (result.cancelled) {
        if (output)
            std::cerr << "Interrupted: wrote the best picture so far to " << *output << "\n";
        return kInterrupted;
    }
    if (request.progressMode != "json" && result.last.plateauIteration > 0)
        std::cerr << "done: the picture stopped changing at iteration " << result.last.plateauIteration
                  << " (--no-early-stop runs all " << result.last.totalIterations << ")\n";
    if (request.progressMode != "json" && output)
        std::cerr << "Wrote " << *output << " (" << result.image.cols << "x" << result.image.rows << ")\n";
    return kSuccess;
}

} // namespace

int renderCommand(const std::vector<std::string>& rawArgs)
{
    RenderRequest request = parseRequest(rawArgs);
    const brushwork::EngineOptions options = engineOptions(request.parsed);
    checkOutputs(request.parsed, request.output, request.nftFolder, request.pictures, request.projectFile,
                 request.project, options.weightsPath);
    const brushwork::StyleJob job = prepareJob(request);
    brushwork::StyleEngine engine(options);
    // Hashing the weights takes a moment; only recipes need it.
    const std::string weightsSha256 = request.parsed.has("autosave") || request.nftFolder
                                          ? brushwork::sha256File(options.weightsPath)
                                          : std::string();
    const brushwork::RunResult result = paint(request, job, engine, weightsSha256);
    return writeResult(request, job, engine, weightsSha256, result);
}

} // namespace cli
