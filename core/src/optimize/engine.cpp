// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/engine.h"

#include "brushwork/cputhreads.h"
#include "brushwork/devicedescription.h"
#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/memorybudget.h"
#include "networks/featurenetwork.h"
#include "networks/tensorimage.h"
#include "device/devicechoice.h"
#include "optimize/instantstart.h"
#include "optimize/printrun.h"
#include "optimize/styleobjective.h"
#include "optimize/styletransfer.h"
#include "support/cpucores.h"

#include <algorithm>
#include <opencv2/imgproc.hpp>
#include <torch/csrc/autograd/profiler_legacy.h>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace brushwork {
namespace {

// LibTorch's own errors carry a C++ backtrace; a person needs the first line.
std::string firstLine(const std::string& text)
{
    return text.substr(0, text.find('\n'));
}

/// An objective over a whole picture without margin, as measurements take it.
CanvasFrame wholePicture(const StyleParams& params)
{
    CanvasFrame frame;
    frame.edges = params.seamless ? Edges::Wrap : Edges::Zero;
    return frame;
}

template <typename F>
double secondsOf(F&& work)
{
    const auto start = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Whether the CPU multiplies bfloat16 in hardware. Without AVX-512 BF16,
/// oneDNN converts every bfloat16 convolution back and forth and a run takes
/// longer than in float32 (see Precision).
bool cpuHasFastBFloat16()
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    return __builtin_cpu_supports("avx512bf16");
#else
    return false;
#endif
}

torch::ScalarType networkType(Precision precision, torch::Device device)
{
    switch (precision) {
    case Precision::Float32:
        return torch::kFloat32;
    case Precision::BFloat16:
        return torch::kBFloat16;
    case Precision::Float16:
        if (!device.is_cuda())
            throw Error(ErrorKind::Usage, {}, "float16 runs only on a GPU",
                        "Use bfloat16 or float32 on a CPU", Remedy::ChangePrecision);
        return torch::kHalf;
    case Precision::Auto:
        break;
    }
    return device.is_cuda() || cpuHasFastBFloat16() ? torch::kBFloat16 : torch::kFloat32;
}

const char* precisionName(torch::ScalarType type)
{
    return type == torch::kBFloat16 ? "bf16" : type == torch::kHalf ? "fp16" : "fp32";
}

} // namespace

bool cudaAvailable()
{
    return torch::cuda::is_available();
}

struct StyleEngine::Impl {
    std::unique_ptr<FeatureNetwork> network;
    Compute compute;
    int threads = 1;
    std::unique_ptr<InstantStart> instantStart;
};

StyleEngine::StyleEngine(const EngineOptions& options)
    : mImpl(std::make_unique<Impl>())
{
    keepLargeAllocations();
    mImpl->threads = setCpuThreads(options.threads);
    mImpl->compute.device = chooseDevice(options.device);
    mImpl->compute.networkType = networkType(options.precision, mImpl->compute.device);
    if (mImpl->compute.device.is_cuda())
        at::globalContext().setBenchmarkCuDNN(true); // the sizes repeat for hundreds of iterations
    if (options.weightsPath.empty())
        throw Error(ErrorKind::BadInput, {}, "no feature network weights were given",
                    "Install VGG19 weights", Remedy::ProvideWeights);
    mImpl->network = loadFeatureNetwork(options.weightsPath, options.network);
    mImpl->network->to(mImpl->compute.device, mImpl->compute.networkType);
    mImpl->instantStart = std::make_unique<InstantStart>(mImpl->compute.device.is_cuda(), mImpl->threads);
}

StyleEngine::~StyleEngine() = default;
StyleEngine::StyleEngine(StyleEngine&&) noexcept = default;
StyleEngine& StyleEngine::operator=(StyleEngine&&) noexcept = default;

NetworkKind StyleEngine::network() const
{
    return mImpl->network->kind();
}

std::string StyleEngine::deviceName() const
{
    const bool cuda = mImpl->compute.device.is_cuda();
    const std::string precision = precisionName(mImpl->compute.networkType);
    return deviceDescription(cuda, cuda ? mImpl->compute.device.index() : 0, mImpl->threads,
                             cuda || mImpl->compute.reduced() ? precision : std::string());
}

std::vector<std::string> StyleEngine::layerNames() const
{
    return mImpl->network->layerNames();
}

std::vector<std::string> StyleEngine::defaultContentLayers() const
{
    return mImpl->network->defaultContentLayers();
}

std::vector<LayerWeight> StyleEngine::defaultStyleLayers() const
{
    return mImpl->network->defaultStyleLayers();
}

RunResult StyleEngine::run(const StyleJob& job, RunControl& control, const RunCallbacks& callbacks)
{
    // Hours of painting must survive a failure late in a run (most often the
    // GPU running out of memory at the last, largest scale), so the last
    // picture shown is kept and returned with the failure.
    cv::Mat lastGood;
    Progress lastGoodProgress;
    RunCallbacks watched = callbacks;
    watched.onFrame = [&](const cv::Mat& frame, const Progress& progress) {
        lastGood = frame;
        lastGoodProgress = progress;
        if (callbacks.onFrame)
            callbacks.onFrame(frame, progress);
    };
    auto failedWith = [&](Error error) {
        if (lastGood.empty())
            throw std::move(error);
        RunResult result;
        result.image = finishPicture(lastGood, job);
        result.last = lastGoodProgress;
        result.failure = std::move(error);
        return result;
    };
    try {
        auto started = [&](const StyleJob& painted) {
            const bool tiled = painted.params.init == InitKind::Instant && memoryPlan(painted).tileSide > 0;
            return mImpl->instantStart->prepare(painted, tiled, callbacks.onNotice);
        };
        if (paintsPrint(job))
            return runPrint(*mImpl->network, mImpl->compute, job, started, control, watched);
        return runStyleTransfer(*mImpl->network, mImpl->compute, started(job), control, watched);
    } catch (const Error& error) {
        return failedWith(error);
    } catch (const c10::Error& error) {
        return failedWith(Error(ErrorKind::Resource, {}, "the engine failed: " + firstLine(error.what_without_backtrace()),
                                "Try a smaller output size or a smaller memory budget (it paints in tiles)"));
    } catch (const std::bad_alloc&) {
        return failedWith(Error(ErrorKind::Resource, {}, "the computer ran out of memory",
                                "Try a smaller output size or a smaller memory budget (it paints in tiles)"));
    }
}

MemoryPlan StyleEngine::memoryPlan(const StyleJob& job) const
{
    validateJob(job);
    const cv::Mat& content = job.content;
    const double scale = double(job.params.size) / std::max(content.cols, content.rows);
    const int width = std::max(1, int(std::lround(content.cols * scale)));
    const int height = std::max(1, int(std::lround(content.rows * scale)));
    const std::uint64_t budget =
        job.params.memoryBudget ? job.params.memoryBudget : defaultMemoryBudget(mImpl->compute.device.is_cuda());
    return planMemory(mImpl->network->kind(), mImpl->compute.reduced(), job.params, width, height, budget);
}

LossReport StyleEngine::evaluateLoss(const StyleJob& job, const cv::Mat& picture)
{
    validateJob(job);
    if (picture.empty() || picture.type() != CV_32FC3)
        throw Error(ErrorKind::Usage, {}, "there is no picture to measure");
    const FeatureNetwork& network = *mImpl->network;
    const StyleParams& params = job.params;
    const LayerPlan layers = planLayers(network, params);
    const torch::Device device = mImpl->compute.device;
    cv::Mat content;
    cv::resize(job.content, content, picture.size(), 0, 0, cv::INTER_AREA);
    std::vector<torch::Tensor> styles;
    const int styleSide = std::max(16, int(std::lround(std::max(picture.cols, picture.rows) * params.styleScale)));
    for (const StyleSource& style : job.styles)
        styles.push_back(matToTensor(resizeToLongSide(style.image, styleSide)).to(device));
    const StyleObjective objective(network, mImpl->compute, layers, params.pooling, matToTensor(content).to(device),
                                   computeStyleTargets(network, mImpl->compute, layers, params.pooling, styles), {},
                                   wholePicture(params));
    const torch::Tensor image = matToTensor(picture).to(device).requires_grad_(true);
    const LossTerms terms = objective.evaluate(image, params.weights);
    return {terms.content, terms.style, terms.tv, terms.total};
}

void StyleEngine::requireBenchmarkFits(const StyleParams& params, cv::Size content,
                                       const std::vector<cv::Size>& styles) const
{
    const std::uint64_t budget =
        params.memoryBudget ? params.memoryBudget : defaultMemoryBudget(mImpl->compute.device.is_cuda());
    std::vector<cv::Size> pictures = styles;
    pictures.push_back(content);
    const std::uint64_t held = loadedPicturesBytes(pictures);
    requireMemory("making the pictures", held, budget);
    const double scale = double(params.size) / std::max(content.width, content.height);
    requireUntiledFits(mImpl->network->kind(), mImpl->compute.reduced(), params,
                       std::max(1, int(std::lround(content.width * scale))),
                       std::max(1, int(std::lround(content.height * scale))), budget - held);
    const double styleSide = std::max(1.0, std::round(double(params.size) * params.styleScale));
    double largest = 0;
    double all = 0;
    for (const cv::Size& style : styles) {
        const double pixels = double(style.area()) * std::pow(styleSide / std::max(style.width, style.height), 2);
        largest = std::max(largest, pixels);
        all += pixels;
    }
    char scaleText[32];
    std::snprintf(scaleText, sizeof scaleText, "%g", double(params.styleScale));
    requireMemory(std::string("making the style targets at style scale ") + scaleText,
                  held + styleTargetBytes(mImpl->network->kind(), mImpl->compute.reduced(), largest, all), budget);
}

std::vector<BenchResult> StyleEngine::benchmark(const std::vector<StyleJob>& jobs, int repeats,
                                               const std::string& tracePath)
{
    const FeatureNetwork& network = *mImpl->network;
    const torch::Device device = mImpl->compute.device;
    struct Subject {
        std::unique_ptr<StyleObjective> objective;
        torch::Tensor image; ///< the canvas a run paints: the picture, and a margin where it has one
        LossWeights weights;
        cv::Size picture;
    };
    std::vector<Subject> subjects;
    int deepest = 0;
    for (const StyleJob& job : jobs) {
        validateJob(job);
        const StyleParams& params = job.params;
        const LayerPlan layers = planLayers(network, params);
        std::vector<cv::Size> styleSizes;
        for (const StyleSource& style : job.styles)
            styleSizes.push_back(style.image.size());
        requireBenchmarkFits(params, job.content.size(), styleSizes);
        const cv::Mat photo = resizeToLongSide(job.content, params.size);
        const ScaleCanvas whole = scaleCanvas(network, params, photo.size());
        const torch::Tensor content = whole.canvas.extend(matToTensor(photo).to(device));
        std::vector<torch::Tensor> styles;
        for (const StyleSource& style : job.styles)
            styles.push_back(
                matToTensor(resizeToLongSide(style.image, int(std::lround(params.size * params.styleScale))))
                    .to(device));
        subjects.push_back({std::make_unique<StyleObjective>(
                                network, mImpl->compute, layers, params.pooling, content,
                                computeStyleTargets(network, mImpl->compute, layers, params.pooling, styles), CancelCheck{},
                                whole.frame),
                            content.clone().requires_grad_(true), params.weights, photo.size()});
        for (int slot : layers.styleSlots)
            deepest = std::max(deepest, layers.taps[slot]);
    }
    if (subjects.empty())
        return {};
    const Pooling pooling = jobs.front().params.pooling;
    auto bare = [&](const Subject& subject) {
        const torch::Tensor& image = subject.image;
        if (image.grad().defined())
            image.mutable_grad().zero_();
        torch::Tensor features;
        {
            const AutocastScope autocast(mImpl->compute);
            // Never wrapped: with --seamless the floor is the plain network's, the cost of wrapping counts.
            features = network.features(image, {deepest}, pooling)[0];
        }
        features.sum().backward();
        image.grad().sum().item<float>(); // waits for an asynchronous device
    };
    auto full = [&](const Subject& subject) { subject.objective->evaluate(subject.image, subject.weights); };

    for (const Subject& subject : subjects) {
        bare(subject);
        full(subject);
    }
    // Each repeat times every job in turn, its bare network then its
    // evaluation on the same canvas, so that slow drifts of a busy machine
    // hit them all alike; the median repeat is each figure.
    std::vector<std::vector<std::pair<double, double>>> pairs(subjects.size());
    std::vector<std::vector<double>> overFirst(subjects.size());
    for (int i = 0; i < std::max(repeats, 1); ++i) {
        std::vector<double> seconds;
        for (std::size_t j = 0; j < subjects.size(); ++j) {
            const double floor = secondsOf([&] { bare(subjects[j]); });
            seconds.push_back(secondsOf([&] { full(subjects[j]); }));
            pairs[j].emplace_back(seconds.back() / floor, floor);
            overFirst[j].push_back(seconds.back() / seconds.front());
        }
    }
    if (!tracePath.empty()) {
        const torch::autograd::profiler::RecordProfile trace(tracePath);
        full(subjects.front());
    }
    std::vector<BenchResult> results;
    for (std::size_t j = 0; j < subjects.size(); ++j) {
        std::sort(pairs[j].begin(), pairs[j].end());
        std::sort(overFirst[j].begin(), overFirst[j].end());
        const auto& [ratio, floor] = pairs[j][pairs[j].size() / 2];
        BenchResult result;
        result.ratio = ratio;
        result.floorSeconds = floor;
        result.evalSeconds = ratio * floor;
        result.overFirst = overFirst[j][overFirst[j].size() / 2];
        result.threads = mImpl->threads;
        result.width = subjects[j].picture.width;
        result.height = subjects[j].picture.height;
        result.canvasWidth = int(subjects[j].image.size(3));
        result.canvasHeight = int(subjects[j].image.size(2));
        result.device = deviceName();
        result.precision = precisionName(mImpl->compute.networkType);
        results.push_back(std::move(result));
    }
    return results;
}

} // namespace brushwork
