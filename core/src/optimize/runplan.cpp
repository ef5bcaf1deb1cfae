// SPDX-License-Identifier: GPL-3.0-or-later
#include "optimize/runplan.h"

#include "brushwork/error.h"
#include "brushwork/memorybudget.h"
#include "optimize/styleobjective.h"
#include "optimize/tiledrenderer.h"

#include <algorithm>
#include <cmath>

namespace brushwork {
namespace {

/// The size a scale paints at, from the content's aspect ratio.
cv::Size scaleSize(const cv::Mat& content, int longSide)
{
    const double scale = double(longSide) / std::max(content.cols, content.rows);
    return content.cols >= content.rows
               ? cv::Size(longSide, std::max(1, int(std::lround(content.rows * scale))))
               : cv::Size(std::max(1, int(std::lround(content.cols * scale))), longSide);
}

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

} // namespace

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

void requirePlannable(const FeatureNetwork& network, const Compute& compute, const StyleJob& job,
                      const Refinement* refinement)
{
    planRun(network, compute, job, planLayers(network, job.params), refinement);
}

} // namespace brushwork
