// SPDX-License-Identifier: GPL-3.0-or-later
#include "optimize/styletransfer.h"

#include "brushwork/colour.h"
#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/memorybudget.h"
#include "brushwork/printscale.h"
#include "brushwork/schedule.h"
#include "brushwork/torus.h"
#include "networks/tensorimage.h"
#include "optimize/canvas.h"
#include "optimize/pictureoptimizer.h"
#include "optimize/precision.h"
#include "optimize/regionguides.h"
#include "optimize/styleobjective.h"
#include "optimize/temporalloss.h"
#include "optimize/tiledrenderer.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <optional>
#include <random>

namespace brushwork {
namespace {

/// `picture` at `size` with `interpolation`; a seamless picture as the
/// torus it is (a plain resize repeats the edge pixels, and the next scale
/// inherited a seam).
cv::Mat resizedPicture(const cv::Mat& picture, cv::Size size, const StyleParams& params, int interpolation)
{
    if (params.seamless)
        return resizeWrapped(picture, size);
    cv::Mat resized;
    cv::resize(picture, resized, size, 0, 0, interpolation);
    return resized;
}

/// The photo a run keeps, at `longSide`: a seamless picture keeps one whose
/// edges meet (made at that size, not the photo's own, which may be a
/// print's many megapixels).
cv::Mat keptPhoto(const StyleJob& job, int longSide)
{
    const cv::Mat photo = resizeToLongSide(job.content, longSide);
    return job.params.seamless ? tileable(photo) : photo;
}

torch::Tensor initialPicture(const StyleParams& params, const torch::Tensor& content, const cv::Mat& previous)
{
    const auto h = content.size(2);
    const auto w = content.size(3);
    if (!previous.empty())
        return matToTensor(resizedPicture(previous, cv::Size(int(w), int(h)), params, cv::INTER_CUBIC))
            .to(content.device());
    switch (params.init) {
    case InitKind::Noise:
        return torch::rand_like(content);
    case InitKind::Image: {
        // A print's preview is enlarged: area averaging would leave it blocky.
        const bool enlarged = params.initImage.cols < w;
        const cv::Mat resized = resizedPicture(params.initImage, cv::Size(int(w), int(h)), params,
                                               enlarged ? cv::INTER_CUBIC : cv::INTER_AREA);
        return matToTensor(cv::max(cv::min(resized, 1.0), 0.0)).to(content.device());
    }
    case InitKind::Content:
    case InitKind::Instant: // StyleEngine::run made it an Image, or the photo when it could not
        break;
    }
    return content.clone();
}

/// The size a scale paints at, from the content's aspect ratio.
cv::Size scaleSize(const cv::Mat& content, int longSide)
{
    const double scale = double(longSide) / std::max(content.cols, content.rows);
    return content.cols >= content.rows
               ? cv::Size(longSide, std::max(1, int(std::lround(content.rows * scale))))
               : cv::Size(std::max(1, int(std::lround(content.cols * scale))), longSide);
}

/// One scale of the schedule, with how it fits in memory.
struct PlannedScale {
    ScaleStep step;
    MemoryPlan memory;
    int iterations = 0; ///< as progress counts them
    int styleSide = 0;  ///< the style pictures' long side at this scale
    int styleTileSide = 0; ///< > 0: the style targets are made in tiles of this side
};

/// The smallest square picture `network` takes down to the deepest layer of
/// `layers`, found by trying (pools and strided convolutions make anything
/// smaller end in LibTorch's "Output size is too small"). Small sizes cost
/// next to nothing.
int smallestSide(const FeatureNetwork& network, const Compute& compute, const LayerPlan& layers, Pooling pooling)
{
    const int deepest = *std::max_element(layers.taps.begin(), layers.taps.end());
    auto fits = [&](int side) {
        try {
            const torch::NoGradGuard noGrad;
            const AutocastScope autocast(compute);
            network.features(torch::zeros({1, 3, side, side}, torch::TensorOptions().device(compute.device)),
                             {deepest}, pooling);
            return true;
        } catch (const c10::Error&) {
            return false;
        }
    };
    int high = 1;
    while (high < 1024 && !fits(high))
        high *= 2;
    int low = high / 2 + 1;
    while (low < high) {
        const int middle = (low + high) / 2;
        if (fits(middle))
            high = middle;
        else
            low = middle + 1;
    }
    return high;
}

/// A painting's Grams at every style layer of VGG19 or SqueezeNet (their
/// channels squared, as floats) fit in this.
constexpr std::uint64_t kGramBytesPerStyle = 4ull << 20;

/// Style pictures are never enlarged beyond this to reach the network's smallest size.
constexpr int kLargestStyleSide = 16384;

/// The style pictures' long side at a scale whose picture's long side is
/// `longSide`: as --style-scale asks, raised so that every style picture's
/// short side reaches `smallest`.
int styleSideFor(int longSide, const StyleParams& params, const std::vector<StyleSource>& styles, int smallest)
{
    int side = std::max(16, int(std::lround(longSide * params.styleScale)));
    for (const StyleSource& style : styles) {
        const double aspect = double(std::max(style.image.cols, style.image.rows)) /
                              std::min(style.image.cols, style.image.rows);
        side = std::max(side, int(std::ceil(smallest * aspect)));
    }
    return side;
}

/// Plans every scale before the first is painted, so that a size that cannot
/// fit even in tiles, or that the network cannot take, is refused at once
/// rather than after minutes of work. Coarse scales too small for the network
/// are left out (their iterations go to the next scale).
std::vector<PlannedScale> planRun(const FeatureNetwork& network, const Compute& compute, const StyleJob& job,
                                  const LayerPlan& layers, const Refinement* refinement)
{
    const StyleParams& params = job.params;
    const int smallest = smallestSide(network, compute, layers, params.pooling);
    // The picture is painted with a mirrored margin on each side (see Canvas),
    // which must be narrower than the picture.
    const int smallestContent = std::max(network.edgeMargin() + 1, smallest - 2 * network.edgeMargin());
    const cv::Size finalSize = scaleSize(job.content, params.size);
    if (std::min(finalSize.width, finalSize.height) < smallestContent) {
        const double aspect = double(std::max(job.content.cols, job.content.rows)) /
                              std::min(job.content.cols, job.content.rows);
        throw Error(ErrorKind::BadInput, {},
                    "at size " + std::to_string(params.size) + " the picture would be " +
                        std::to_string(finalSize.width) + " × " + std::to_string(finalSize.height) + " pixels, but " +
                        networkName(network.kind()) + " needs at least " + std::to_string(smallestContent) +
                        " pixels on the shorter side",
                    aspect * smallestContent > 65536 ? std::string("Crop the picture to a less narrow shape")
                    : aspect > 4 ? "Use a size of at least " + std::to_string(int(std::ceil(aspect * smallestContent))) +
                                       " (--size), or crop the picture to a less narrow shape"
                                 : "Use a size of at least " + std::to_string(int(std::ceil(aspect * smallestContent))) +
                                       " (--size)");
    }
    // Style pictures too small for the network are enlarged (styleSideFor),
    // unless that takes an absurd size: a 1×N strip. (A large style scale is
    // the memory plan's to judge.)
    for (const StyleSource& style : job.styles)
        if (std::ceil(smallest * double(std::max(style.image.cols, style.image.rows)) /
                      std::min(style.image.cols, style.image.rows)) > kLargestStyleSide)
            throw Error(ErrorKind::BadInput, style.name,
                        "the painting is " + std::to_string(style.image.cols) + " × " +
                            std::to_string(style.image.rows) + " pixels, too narrow: " + networkName(network.kind()) +
                            " needs at least " + std::to_string(smallest) + " pixels on its shorter side",
                        "Crop the painting to a less narrow shape");

    std::vector<ScaleStep> steps = refinement        ? refinement->steps
                                   : params.multiScale ? planScales(params.size, params.iterations, params.firstScaleSide)
                                                       : std::vector<ScaleStep>{{params.size, params.iterations}};
    for (std::size_t i = 0; i + 1 < steps.size();) {
        const cv::Size size = scaleSize(job.content, steps[i].longSide);
        if (std::min(size.width, size.height) >= smallestContent) {
            ++i;
            continue;
        }
        steps[i + 1].iterations += steps[i].iterations;
        steps.erase(steps.begin() + std::ptrdiff_t(i));
    }
    // The photo and paintings stay at full size for the whole run (the
    // paintings twice when their colours are matched to the photo's); what
    // each scale may use is what they leave of the budget.
    double heldPixels = double(job.content.total());
    for (const StyleSource& style : job.styles)
        heldPixels += double(style.image.total()) * (params.colour == ColourMode::Histogram ? 2 : 1);
    const std::uint64_t held = std::uint64_t(heldPixels) * kPictureBytesPerPixel;
    const std::uint64_t wholeBudget =
        params.memoryBudget ? params.memoryBudget : defaultMemoryBudget(compute.device.is_cuda());
    requireMemory("holding the photo and the paintings at full size", held, wholeBudget);
    const std::uint64_t budget = wholeBudget - held;
    std::vector<PlannedScale> planned;
    for (const ScaleStep& step : steps) {
        const cv::Size size = scaleSize(job.content, step.longSide);
        PlannedScale scale{step, planMemory(network.kind(), compute.reduced(), params, size.width, size.height, budget),
                           step.iterations, styleSideFor(step.longSide, params, job.styles, smallest)};
        double largest = 0;
        double all = 0;
        for (const StyleSource& style : job.styles) {
            const double longSide = std::max(style.image.cols, style.image.rows);
            const double pixels = double(style.image.cols) * style.image.rows * std::pow(scale.styleSide / longSide, 2);
            largest = std::max(largest, pixels);
            all += pixels;
        }
        // The scale's own evaluation comes after the targets: only its pictures
        // and the Grams made so far are held meanwhile.
        const std::uint64_t pictures = std::uint64_t(size.width) * std::uint64_t(size.height) * 3 * 4 * 2 +
                                       job.styles.size() * kGramBytesPerStyle;
        scale.styleTileSide = planStyleTargets(network.kind(), compute.reduced(), largest, all, pictures, budget);
        if (scale.memory.tileSide > 0)
            scale.styleTileSide = scale.styleTileSide > 0 ? std::min(scale.styleTileSide, scale.memory.tileSide)
                                                          : scale.memory.tileSide;
        if (scale.memory.tileSide > 0) {
            const SweepPlan sweeps = planSweeps(step.iterations);
            scale.iterations = sweeps.sweeps * sweeps.perVisit;
        }
        // Tiles see zeros past their edges; a torus needs the whole picture at once.
        if (params.seamless && scale.memory.tileSide > 0)
            throw Error(ErrorKind::Resource, {}, "a seamless picture is painted whole, and at " +
                        std::to_string(step.longSide) + " px it needs about " + formatBytes(scale.memory.untiledBytes),
                        "Paint it smaller, or allow more memory", Remedy::AllowMoreMemory);
        planned.push_back(scale);
    }
    return planned;
}

} // namespace

void requirePlannable(const FeatureNetwork& network, const Compute& compute, const StyleJob& job,
                      const Refinement* refinement)
{
    planRun(network, compute, job, planLayers(network, job.params), refinement);
}

RunResult runStyleTransfer(const FeatureNetwork& network, const Compute& compute, const StyleJob& job,
                           RunControl& control, const RunCallbacks& callbacks, const Refinement* refinement)
{
    validateJob(job);
    const StyleParams& params = job.params;
    const torch::Device device = compute.device;
    torch::manual_seed(params.seed ? *params.seed : std::random_device{}());

    const LayerPlan layers = planLayers(network, params);
    const std::vector<PlannedScale> scales = planRun(network, compute, job, layers, refinement);
    std::vector<cv::Mat> styleImages;
    for (const StyleSource& style : job.styles)
        styleImages.push_back(params.colour == ColourMode::Histogram ? matchColourStatistics(style.image, job.content)
                                                                     : style.image);

    RunState state(control, callbacks, params.weights);
    const CancelCheck cancelled = [&control] { return control.cancelRequested(); };
    Progress& progress = state.progress;
    progress.scaleCount = int(scales.size());
    for (const PlannedScale& s : scales) {
        progress.totalIterations += s.iterations;
        progress.plan.push_back({s.step.longSide, s.iterations});
    }
    // Only the final scale stops early: the coarse ones are short and cheap,
    // and what they leave unfinished the next scale redoes anyway. A print's
    // refinement has no coarse scales: each of its scales is final in detail.
    auto stopsEarly = [&](std::size_t index) {
        return params.stopAtPlateau && scales[index].memory.tileSide == 0 &&
               (refinement || index + 1 == scales.size());
    };
    for (std::size_t index = 0; index < scales.size(); ++index)
        progress.mayStopEarly = progress.mayStopEarly || stopsEarly(index);

    RunResult result;
    cv::Mat picture;
    cv::Mat content;
    for (std::size_t scaleIndex = 0; scaleIndex < scales.size() && !state.cancelled; ++scaleIndex) {
        const PlannedScale& scale = scales[scaleIndex];
        content = keptPhoto(job, scale.step.longSide);
        const int tileSide = scale.memory.tileSide;
        const torch::Device home = tileSide > 0 ? torch::Device(torch::kCPU) : device;
        const torch::Tensor contentTensor = matToTensor(content).to(home);
        std::vector<torch::Tensor> styleTensors;
        for (const cv::Mat& style : styleImages)
            styleTensors.push_back(matToTensor(resizeToLongSide(style, scale.styleSide)).to(device));
        const StyleTargets targets =
            computeStyleTargets(network, compute, layers, params.pooling, styleTensors, scale.styleTileSide, cancelled);
        styleTensors.clear();
        if (control.cancelRequested()) {
            state.cancelled = true;
            break;
        }

        progress.scale = int(scaleIndex);
        progress.width = content.cols;
        progress.height = content.rows;
        auto frame = [&](const cv::Mat& rgb) {
            return params.colour == ColourMode::Luminance ? keepContentChroma(rgb, content) : rgb;
        };
        // A print keeps its preview: every picture of the refinement, shrunk
        // to the preview's size, is the preview, so the evaluations go to the
        // detail finer than the preview's pixels, not to moving its strokes.
        auto anchored = [&](const cv::Mat& p) { return refinement ? anchorToPreview(p, params.initImage) : p; };
        const torch::Tensor start =
            refinement ? matToTensor(anchored(tensorToMat(initialPicture(params, contentTensor, picture)))).to(home)
                       : initialPicture(params, contentTensor, picture);
        // A picture given to start from (the instant one above all) is shown
        // at once: the first frame of the optimisation comes only after
        // frameEvery evaluations, seconds at the final size.
        if (scaleIndex == 0 && params.init == InitKind::Image && callbacks.onFrame)
            callbacks.onFrame(frame(tensorToMat(start)), progress);

        if (tileSide > 0) {
            const TiledScale tiled{network, compute, layers, params, targets, tileSide};
            const torch::Tensor painted =
                optimizeTiled(tiled, start, contentTensor, scale.step.iterations, state, [&](const torch::Tensor& p) {
                    if (callbacks.onFrame)
                        callbacks.onFrame(frame(tensorToMat(p)), progress);
                });
            picture = anchored(tensorToMat(painted));
            if (callbacks.onFrame && !state.cancelled) {
                progress.scaleDone = true;
                callbacks.onFrame(frame(picture), progress);
                progress.scaleDone = false;
            }
            continue;
        }

        const ScaleCanvas whole = scaleCanvas(network, params, content.size());
        const Canvas& canvas = whole.canvas;
        std::optional<StyleObjective> objective;
        try {
            objective.emplace(network, compute, layers, params.pooling, canvas.extend(contentTensor), targets, cancelled,
                              whole.frame);
            if (job.temporal)
                objective->addTerm(temporalTerm(*job.temporal, canvas, content.size(), device));
        } catch (const ForwardCancelled&) {
            state.cancelled = true;
            break;
        }
        const torch::Tensor image = canvas.extend(start).detach().requires_grad_(true);
        PlateauDetector plateau(params.plateau);
        state.plateaued = false;
        // Frames follow the run's iteration count, not the scale's, so that
        // every multiple of frameEvery has its frame whatever scale it falls in.
        const torch::Tensor best = optimizePicture(
            *objective, image, scale.step.iterations, params, state,
            [&](int i) {
                ++progress.iteration;
                if (callbacks.onProgress)
                    callbacks.onProgress(progress);
                if (callbacks.onFrame && params.frameEvery > 0 && progress.iteration % params.frameEvery == 0 &&
                    i + 1 < scale.step.iterations)
                    callbacks.onFrame(frame(tensorToMat(canvas.crop(image))), progress);
            },
            stopsEarly(scaleIndex) ? &plateau : nullptr);
        progress.plateauIteration = state.plateaued ? progress.iteration : 0;
        picture = anchored(tensorToMat(canvas.crop(best)));
        if (callbacks.onFrame) {
            progress.scaleDone = !state.cancelled;
            callbacks.onFrame(frame(picture), progress);
            progress.scaleDone = false;
        }
    }

    if (picture.empty()) // cancelled before the first scale was painted: a print has its preview
        picture = refinement ? params.initImage : keptPhoto(job, scales.front().step.longSide);
    result.image = finishPicture(picture, job);
    result.cancelled = state.cancelled;
    result.last = progress;
    return result;
}

ScaleCanvas scaleCanvas(const FeatureNetwork& network, const StyleParams& params, cv::Size size)
{
    const Canvas canvas(params.seamless ? 0 : network.edgeMargin(), size.width, size.height);
    return {canvas, CanvasFrame{size, cv::Rect(0, 0, size.width, size.height), canvas.margin(),
                                params.seamless ? Edges::Wrap : Edges::Zero}};
}

cv::Mat finishPicture(cv::Mat picture, const StyleJob& job)
{
    const cv::Mat finalContent = keptPhoto(job, job.params.size);
    if (picture.size() != finalContent.size()) {
        picture = resizedPicture(picture, finalContent.size(), job.params, cv::INTER_CUBIC);
        picture = cv::max(cv::min(picture, 1.0), 0.0);
    }
    if (job.params.colour == ColourMode::Luminance)
        picture = keepContentChroma(picture, finalContent);
    return picture;
}

} // namespace brushwork
