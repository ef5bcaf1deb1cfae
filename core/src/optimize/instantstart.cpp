// SPDX-License-Identifier: GPL-3.0-or-later
#include "optimize/instantstart.h"

#include "brushwork/colour.h"
#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/memorybudget.h"
#include "optimize/styletransfer.h"

#include <algorithm>
#include <cmath>

namespace brushwork {
namespace {

// The network's strokes are finer, closer to the optimisation's style targets,
// when it paints a larger photo that is then shrunk: real SqueezeNet, chelsea
// x starry_night at 256 px, the instant picture starts at a loss of 5.57
// painted at 256, 4.38 at 384, 4.05 at 512 and 4.63 at 768.
constexpr int kPaintedScale = 2;
/// The largest side it is painted at: about a second on two cores. A print's
/// instant picture painted at twice its size would take minutes, with no way
/// to cancel it, before the first evaluation.
constexpr int kMaxPaintedSide = 1024;

/// Whether the instant picture is painted at kPaintedScale times the run's
/// size, and so can stand in for the coarse scales.
bool paintedLargeEnough(const StyleJob& job) { return job.params.size * kPaintedScale <= kMaxPaintedSide; }

/// The long side the instant picture is painted at: kPaintedScale times the
/// run's, at most kMaxPaintedSide, shrunk until the network's activations
/// fit the budget.
int paintedSide(const StyleJob& job, bool cuda)
{
    const std::uint64_t freeNow = defaultMemoryBudget(cuda);
    const std::uint64_t budget = job.params.memoryBudget ? std::min(job.params.memoryBudget, freeNow) : freeNow;
    const double aspect = double(std::min(job.content.cols, job.content.rows)) /
                          std::max(job.content.cols, job.content.rows);
    int side = std::min(job.params.size * kPaintedScale, kMaxPaintedSide);
    while (side > 64 && instantStyleBytes(side, std::max(1, int(std::lround(side * aspect)))) > budget)
        side = side * 3 / 4;
    return side;
}

} // namespace

cv::Mat instantPicture(const InstantStyle& network, const StyleJob& job, bool cuda)
{
    const std::vector<float>& blend = job.params.weights.styleBlend;
    if (!blend.empty() && std::all_of(blend.begin(), blend.end(), [](float w) { return w <= 0; }))
        return {};
    const cv::Mat photo = resizeToLongSide(job.content, paintedSide(job, cuda));
    std::vector<StyleVector> vectors;
    for (const StyleSource& style : job.styles)
        vectors.push_back(network.styleOf(job.params.colour == ColourMode::Histogram
                                              ? matchColourStatistics(style.image, job.content)
                                              : style.image));
    return paintRegions(network, photo, vectors, blendStyleVectors(vectors, blend), job.params.weights.regions,
                        job.params.seamless);
}

InstantStart::InstantStart(bool cuda, int threads)
    : mCuda(cuda)
    , mThreads(threads)
{
}

InstantStart::~InstantStart() = default;

StyleJob InstantStart::prepare(const StyleJob& job, bool finalScaleTiled,
                               const std::function<void(const std::string&)>& notice)
{
    if (job.params.init != InitKind::Instant)
        return job;
    validateJob(job);
    StyleJob prepared = job;
    prepared.params.init = InitKind::Content;
    try {
        if (!mNetwork)
            mNetwork = std::make_unique<InstantStyle>(mCuda ? DeviceKind::Cuda : DeviceKind::Cpu, mThreads);
        prepared.params.initImage = instantPicture(*mNetwork, job, mCuda);
        if (!prepared.params.initImage.empty()) {
            prepared.params.init = InitKind::Image;
            // Larger runs (prints) start their coarse scales from it: enlarged
            // to the final size it would be blurred.
            prepared.params.multiScale = paintedLargeEnough(job) && !finalScaleTiled ? false : job.params.multiScale;
        }
    } catch (const std::exception& error) {
        // LibTorch's own errors carry a C++ backtrace after the first line.
        const std::string what = error.what();
        if (notice)
            notice("Started from the photo: the instant picture could not be made (" + what.substr(0, what.find('\n')) +
                   ")");
    }
    return prepared;
}

} // namespace brushwork
