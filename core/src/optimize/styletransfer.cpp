// SPDX-License-Identifier: GPL-3.0-or-later
#include "optimize/styletransfer.h"

#include "brushwork/colour.h"
#include "brushwork/image.h"
#include "brushwork/printscale.h"
#include "brushwork/torus.h"
#include "networks/tensorimage.h"
#include "optimize/canvas.h"
#include "optimize/pictureoptimizer.h"
#include "optimize/precision.h"
#include "optimize/regionguides.h"
#include "optimize/styleobjective.h"
#include "optimize/temporalloss.h"
#include "optimize/tiledrenderer.h"

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

} // namespace

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
