// SPDX-License-Identifier: GPL-3.0-or-later
#include "styletransfer.h"

#include "brushwork/colour.h"
#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/memorybudget.h"
#include "brushwork/schedule.h"
#include "canvas.h"
#include "pictureoptimizer.h"
#include "styleobjective.h"
#include "tensorimage.h"
#include "tiledrenderer.h"

#include <cmath>
#include <opencv2/imgproc.hpp>
#include <random>

namespace brushwork {
namespace {

torch::Tensor initialPicture(const StyleParams& params, const torch::Tensor& content, const cv::Mat& previous)
{
    const auto h = content.size(2);
    const auto w = content.size(3);
    if (!previous.empty()) {
        cv::Mat resized;
        cv::resize(previous, resized, cv::Size(int(w), int(h)), 0, 0, cv::INTER_CUBIC);
        return matToTensor(resized).to(content.device());
    }
    switch (params.init) {
    case InitKind::Noise:
        return torch::rand_like(content);
    case InitKind::Image: {
        cv::Mat resized;
        cv::resize(params.initImage, resized, cv::Size(int(w), int(h)), 0, 0, cv::INTER_AREA);
        return matToTensor(resized).to(content.device());
    }
    case InitKind::Content:
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
};

/// Plans every scale before the first is painted, so that a size that cannot
/// fit even in tiles is refused at once rather than after minutes of work.
std::vector<PlannedScale> planRun(const FeatureNetwork& network, const Compute& compute, const StyleJob& job)
{
    const StyleParams& params = job.params;
    const std::vector<ScaleStep> steps = params.multiScale
                                             ? planScales(params.size, params.iterations, params.firstScaleSide)
                                             : std::vector<ScaleStep>{{params.size, params.iterations}};
    const std::uint64_t budget = params.memoryBudget ? params.memoryBudget : defaultMemoryBudget(compute.device.is_cuda());
    std::vector<PlannedScale> planned;
    for (const ScaleStep& step : steps) {
        const cv::Size size = scaleSize(job.content, step.longSide);
        PlannedScale scale{step, planMemory(network.kind(), compute.reduced(), params, size.width, size.height, budget),
                           step.iterations};
        if (scale.memory.tileSide > 0) {
            const SweepPlan sweeps = planSweeps(step.iterations);
            scale.iterations = sweeps.sweeps * sweeps.perVisit;
        }
        planned.push_back(scale);
    }
    return planned;
}

} // namespace

void validateJob(const StyleJob& job)
{
    const StyleParams& p = job.params;
    if (job.content.empty() || job.content.type() != CV_32FC3)
        throw Error(ErrorKind::Usage, {}, "there is no content picture to paint");
    if (job.styles.empty())
        throw Error(ErrorKind::Usage, {}, "there is no style picture", "Add at least one painting as a style");
    for (const StyleSource& style : job.styles)
        if (style.image.empty() || style.image.type() != CV_32FC3)
            throw Error(ErrorKind::Usage, style.name, "the style picture is empty");
    if (p.size < 16 || p.size > 65536)
        throw Error(ErrorKind::Usage, {}, "the output size must be between 16 and 65536 pixels");
    if (p.iterations < 0)
        throw Error(ErrorKind::Usage, {}, "the number of iterations cannot be negative");
    if (!(p.styleScale > 0.01f && p.styleScale <= 16.0f))
        throw Error(ErrorKind::Usage, {}, "the style scale must be between 0.01 and 16");
    if (p.weights.content < 0 || p.weights.style < 0 || p.weights.tv < 0)
        throw Error(ErrorKind::Usage, {}, "loss weights cannot be negative");
    if (p.init == InitKind::Image && (p.initImage.empty() || p.initImage.type() != CV_32FC3))
        throw Error(ErrorKind::Usage, {}, "initialisation from a picture needs that picture");
    if (p.tileSide != 0 && p.tileSide < 32)
        throw Error(ErrorKind::Usage, {}, "tiles must be at least 32 pixels");
}

RunResult runStyleTransfer(const FeatureNetwork& network, const Compute& compute, const StyleJob& job,
                           RunControl& control, const RunCallbacks& callbacks)
{
    validateJob(job);
    const StyleParams& params = job.params;
    const torch::Device device = compute.device;
    torch::manual_seed(params.seed ? *params.seed : std::random_device{}());

    const LayerPlan layers = planLayers(network, params);
    const std::vector<PlannedScale> scales = planRun(network, compute, job);
    std::vector<cv::Mat> styleImages;
    for (const StyleSource& style : job.styles)
        styleImages.push_back(params.colour == ColourMode::Histogram ? matchColourStatistics(style.image, job.content)
                                                                     : style.image);

    RunState state(control, callbacks, params.weights);
    Progress& progress = state.progress;
    progress.scaleCount = int(scales.size());
    for (const PlannedScale& s : scales) {
        progress.totalIterations += s.iterations;
        progress.plan.push_back({s.step.longSide, s.iterations});
    }

    RunResult result;
    cv::Mat picture;
    cv::Mat content;
    for (std::size_t scaleIndex = 0; scaleIndex < scales.size() && !state.cancelled; ++scaleIndex) {
        const PlannedScale& scale = scales[scaleIndex];
        content = resizeToLongSide(job.content, scale.step.longSide);
        const int tileSide = scale.memory.tileSide;
        const torch::Device home = tileSide > 0 ? torch::Device(torch::kCPU) : device;
        const torch::Tensor contentTensor = matToTensor(content).to(home);
        std::vector<torch::Tensor> styleTensors;
        const int styleSide = std::max(16, int(std::lround(scale.step.longSide * params.styleScale)));
        for (const cv::Mat& style : styleImages)
            styleTensors.push_back(matToTensor(resizeToLongSide(style, styleSide)).to(device));
        const StyleTargets targets =
            computeStyleTargets(network, compute, layers, params.pooling, styleTensors, tileSide);
        styleTensors.clear();

        progress.scale = int(scaleIndex);
        progress.width = content.cols;
        progress.height = content.rows;
        auto frame = [&](const cv::Mat& rgb) {
            return params.colour == ColourMode::Luminance ? keepContentChroma(rgb, content) : rgb;
        };
        const torch::Tensor start = initialPicture(params, contentTensor, picture);

        if (tileSide > 0) {
            const TiledScale tiled{network, compute, layers, params, targets, tileSide};
            const torch::Tensor painted =
                optimizeTiled(tiled, start, contentTensor, scale.step.iterations, state, [&](const torch::Tensor& p) {
                    if (callbacks.onFrame)
                        callbacks.onFrame(frame(tensorToMat(p)), progress);
                });
            picture = tensorToMat(painted);
            if (callbacks.onFrame && !state.cancelled) {
                progress.scaleDone = true;
                callbacks.onFrame(frame(picture), progress);
                progress.scaleDone = false;
            }
            continue;
        }

        // The canvas is the picture plus a mirrored margin that is cropped
        // off: the network sees less of its edge pixels than of the others,
        // which would otherwise keep a frame of the photo's colours.
        const Canvas canvas(network.edgeMargin(), content.cols, content.rows);
        const StyleObjective objective(network, compute, layers, params.pooling, canvas.extend(contentTensor), targets);
        const torch::Tensor image = canvas.extend(start).detach().requires_grad_(true);
        const torch::Tensor best =
            optimizePicture(objective, image, scale.step.iterations, params, state, [&](int i) {
                ++progress.iteration;
                if (callbacks.onProgress)
                    callbacks.onProgress(progress);
                if (callbacks.onFrame && params.frameEvery > 0 && (i + 1) % params.frameEvery == 0 &&
                    i + 1 < scale.step.iterations)
                    callbacks.onFrame(frame(tensorToMat(canvas.crop(image))), progress);
            });
        picture = tensorToMat(canvas.crop(best));
        if (callbacks.onFrame) {
            progress.scaleDone = !state.cancelled;
            callbacks.onFrame(frame(picture), progress);
            progress.scaleDone = false;
        }
    }

    result.image = finishPicture(picture, job);
    result.cancelled = state.cancelled;
    result.last = progress;
    return result;
}

cv::Mat finishPicture(cv::Mat picture, const StyleJob& job)
{
    const cv::Mat finalContent = resizeToLongSide(job.content, job.params.size);
    if (picture.size() != finalContent.size()) {
        cv::resize(picture, picture, finalContent.size(), 0, 0, cv::INTER_CUBIC);
        picture = cv::max(cv::min(picture, 1.0), 0.0);
    }
    if (job.params.colour == ColourMode::Luminance)
        picture = keepContentChroma(picture, finalContent);
    return picture;
}

} // namespace brushwork
