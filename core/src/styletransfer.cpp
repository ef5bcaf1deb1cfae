// SPDX-License-Identifier: GPL-3.0-or-later
#include "styletransfer.h"

#include "brushwork/colour.h"
#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/schedule.h"
#include "styleobjective.h"
#include "tensorimage.h"

#include <chrono>
#include <cmath>
#include <limits>
#include <opencv2/imgproc.hpp>
#include <random>

namespace brushwork {
namespace {

using Clock = std::chrono::steady_clock;

/// One optimizer stepping one picture; L-BFGS does a single evaluation per
/// step so that control is checked between every two evaluations.
class PictureOptimizer {
public:
    PictureOptimizer(const StyleParams& params, torch::Tensor image)
        : mParams(params)
        , mImage(std::move(image))
    {
        restart();
    }

    /// Forgets the optimizer's history, which describes an objective that no
    /// longer exists once the user changed the weights.
    void restart()
    {
        if (mParams.optimizer == OptimizerKind::Adam) {
            if (!mAdam)
                mAdam = std::make_unique<torch::optim::Adam>(std::vector<torch::Tensor>{mImage},
                                                             torch::optim::AdamOptions(mParams.adamLearningRate));
            return;
        }
        mLbfgs = std::make_unique<torch::optim::LBFGS>(std::vector<torch::Tensor>{mImage},
                                                       torch::optim::LBFGSOptions(1.0)
                                                           .max_iter(1)
                                                           .history_size(std::max(mParams.lbfgsHistory, 1))
                                                           .tolerance_grad(-1)
                                                           .tolerance_change(-1));
    }

    /// Evaluates at the current picture (through `evaluate`) and steps once.
    void step(const std::function<void()>& evaluate)
    {
        if (mAdam) {
            evaluate();
            mAdam->step();
            return;
        }
        mLbfgs->step([&] {
            evaluate();
            return torch::zeros({});
        });
    }

private:
    const StyleParams& mParams;
    torch::Tensor mImage;
    std::unique_ptr<torch::optim::Adam> mAdam;
    std::unique_ptr<torch::optim::LBFGS> mLbfgs;
};

/// A picture with a mirrored margin around it.
class Canvas {
public:
    Canvas(int margin, int width, int height)
        : mMargin(std::max(0, std::min({margin, width - 1, height - 1})))
        , mWidth(width)
        , mHeight(height)
    {
    }

    torch::Tensor extend(const torch::Tensor& picture) const
    {
        return mMargin == 0 ? picture : torch::reflection_pad2d(picture, {mMargin, mMargin, mMargin, mMargin});
    }

    torch::Tensor crop(const torch::Tensor& canvas) const
    {
        return canvas.narrow(2, mMargin, mHeight).narrow(3, mMargin, mWidth);
    }

private:
    int mMargin;
    int mWidth;
    int mHeight;
};

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
}

RunResult runStyleTransfer(const FeatureNetwork& network, const Compute& compute, const StyleJob& job,
                           RunControl& control, const RunCallbacks& callbacks)
{
    validateJob(job);
    const StyleParams& params = job.params;
    const torch::Device device = compute.device;
    const Clock::time_point started = Clock::now();
    torch::manual_seed(params.seed ? *params.seed : std::random_device{}());

    const LayerPlan layers = planLayers(network, params);
    const std::vector<ScaleStep> scales = params.multiScale
                                              ? planScales(params.size, params.iterations, params.firstScaleSide)
                                              : std::vector<ScaleStep>{{params.size, params.iterations}};
    std::vector<cv::Mat> styleImages;
    for (const StyleSource& style : job.styles)
        styleImages.push_back(params.colour == ColourMode::Histogram ? matchColourStatistics(style.image, job.content)
                                                                     : style.image);

    LossWeights weights = params.weights;
    std::uint64_t generation = 0;
    LossWeights ignored;
    control.takeSteering(ignored, generation); // steering from before this run is stale

    RunResult result;
    Progress progress;
    progress.scaleCount = int(scales.size());
    for (const ScaleStep& s : scales)
        progress.totalIterations += s.iterations;

    cv::Mat picture;
    cv::Mat content;
    for (std::size_t scaleIndex = 0; scaleIndex < scales.size() && !result.cancelled; ++scaleIndex) {
        const ScaleStep& scale = scales[scaleIndex];
        content = resizeToLongSide(job.content, scale.longSide);
        const torch::Tensor contentTensor = matToTensor(content).to(device);
        std::vector<torch::Tensor> styleTensors;
        const int styleSide = std::max(16, int(std::lround(scale.longSide * params.styleScale)));
        for (const cv::Mat& style : styleImages)
            styleTensors.push_back(matToTensor(resizeToLongSide(style, styleSide)).to(device));
        // The canvas is the picture plus a mirrored margin that is cropped
        // off: the network sees less of its edge pixels than of the others,
        // which would otherwise keep a frame of the photo's colours.
        const Canvas canvas(network.edgeMargin(), content.cols, content.rows);
        const StyleObjective objective(network, compute, layers, params.pooling, canvas.extend(contentTensor),
                                       styleTensors);

        torch::Tensor image = canvas.extend(initialPicture(params, contentTensor, picture)).requires_grad_(true);
        PictureOptimizer optimizer(params, image);
        progress.scale = int(scaleIndex);
        progress.width = content.cols;
        progress.height = content.rows;

        auto frame = [&](const torch::Tensor& x) {
            cv::Mat rgb = tensorToMat(canvas.crop(x));
            return params.colour == ColourMode::Luminance ? keepContentChroma(rgb, content) : rgb;
        };
        double bestLoss = std::numeric_limits<double>::infinity();
        torch::Tensor best = image.detach().clone();
        for (int i = 0; i < scale.iterations; ++i) {
            if (control.cancelRequested() || !control.waitWhilePaused()) {
                result.cancelled = true;
                break;
            }
            if (control.takeSteering(weights, generation)) {
                optimizer.restart();
                bestLoss = std::numeric_limits<double>::infinity();
            }
            optimizer.step([&] {
                const LossTerms terms = objective.evaluate(image, weights);
                if (terms.total < bestLoss) {
                    bestLoss = terms.total;
                    best = image.detach().clone();
                }
                progress.loss = terms.total;
                progress.content = terms.content;
                progress.style = terms.style;
                progress.tv = terms.tv;
            });
            ++progress.iteration;
            progress.elapsedSeconds = std::chrono::duration<double>(Clock::now() - started).count();
            if (callbacks.onProgress)
                callbacks.onProgress(progress);
            if (callbacks.onFrame && params.frameEvery > 0 && (i + 1) % params.frameEvery == 0 &&
                i + 1 < scale.iterations)
                callbacks.onFrame(frame(image), progress);
        }
        // The optimizer's last step has not been evaluated; the best evaluated
        // picture is the one whose loss is known.
        picture = tensorToMat(canvas.crop(best));
        if (callbacks.onFrame)
            callbacks.onFrame(frame(best), progress);
    }

    const cv::Mat finalContent = resizeToLongSide(job.content, params.size);
    if (picture.size() != finalContent.size()) {
        cv::resize(picture, picture, finalContent.size(), 0, 0, cv::INTER_CUBIC);
        picture = cv::max(cv::min(picture, 1.0), 0.0);
    }
    if (params.colour == ColourMode::Luminance)
        picture = keepContentChroma(picture, finalContent);
    result.image = picture;
    result.last = progress;
    return result;
}

} // namespace brushwork
