// SPDX-License-Identifier: GPL-3.0-or-later
#include "video/framepainter.h"

#include "brushwork/colour.h"
#include "brushwork/instantstyle.h"

#include <optional>

namespace brushwork {
namespace {

/// The paintings' blended style vector, made on the first frame (histogram
/// colours match the paintings to it) and kept: a vector that changed with
/// every frame would make the clip flicker.
class InstantPainting {
public:
    InstantPainting(const std::vector<StyleSource>& paintings, const ClipOptions& options)
        : mNetwork(options.device, options.threads), mPaintings(paintings), mOptions(options)
    {
    }

    cv::Mat paint(const cv::Mat& frame)
    {
        if (!mStyle) {
            std::vector<StyleVector> vectors;
            for (const StyleSource& painting : mPaintings)
                vectors.push_back(mNetwork.styleOf(mOptions.colours == ColourMode::Histogram
                                                       ? matchColourStatistics(painting.image, frame)
                                                       : painting.image));
            mStyle = blendStyleVectors(vectors, mOptions.styleWeights);
        }
        const StyleVector style =
            mOptions.strength < 1.0f ? withStrength(*mStyle, mNetwork.styleOf(frame), mOptions.strength) : *mStyle;
        const cv::Mat painted = mNetwork.paint(frame, style);
        return mOptions.colours == ColourMode::Luminance ? keepContentChroma(painted, frame) : painted;
    }

private:
    InstantStyle mNetwork;
    std::vector<StyleSource> mPaintings;
    ClipOptions mOptions;
    std::optional<StyleVector> mStyle;
};

/// `painted` moved towards `previous.picture` by W/(1+W) where the mask is 1.
cv::Mat blendTowards(const cv::Mat& painted, const TemporalTarget& previous)
{
    const float share = previous.weight / (1.0f + previous.weight);
    cv::Mat mask3;
    cv::merge(std::vector<cv::Mat>{previous.mask, previous.mask, previous.mask}, mask3);
    return painted + (previous.picture - painted).mul(mask3 * share);
}

class InstantFramePainter : public FramePainter {
public:
    InstantFramePainter(const std::vector<StyleSource>& paintings, const ClipOptions& options)
        : mPainting(paintings, options)
    {
    }

    cv::Mat paint(const cv::Mat& frame, const TemporalTarget* previous, RunControl&) override
    {
        const cv::Mat painted = mPainting.paint(frame);
        return previous ? blendTowards(painted, *previous) : painted;
    }

private:
    InstantPainting mPainting;
};

/// Ruder et al.: the first frame as a still; every later one starts from the
/// warped previous frame (its new and unreliable pixels from the instant
/// picture) at the final size and is held there by the temporal term.
class OptimizeFramePainter : public FramePainter {
public:
    OptimizeFramePainter(const std::vector<StyleSource>& paintings, const ClipOptions& options,
                         std::function<void(const std::string&)> notice)
        : mEngine(options.engine), mPainting(paintings, options), mPaintings(paintings), mOptions(options),
          mNotice(std::move(notice))
    {
    }

    cv::Mat paint(const cv::Mat& frame, const TemporalTarget* previous, RunControl& control) override
    {
        StyleJob job{frame, mPaintings, mOptions.params, std::nullopt};
        job.params.size = std::max(frame.cols, frame.rows);
        if (previous) {
            TemporalTarget start = *previous;
            start.weight = 1e6f; // the start is the warped frame wherever it is reliable
            job.params.init = InitKind::Image;
            job.params.initImage = blendTowards(mPainting.paint(frame), start);
            job.params.multiScale = false;
            job.temporal = *previous;
        }
        RunCallbacks callbacks;
        callbacks.onNotice = mNotice;
        RunResult result = mEngine.run(job, control, callbacks);
        if (result.failure)
            throw *result.failure;
        return result.cancelled ? cv::Mat() : result.image;
    }

private:
    StyleEngine mEngine;
    InstantPainting mPainting;
    std::vector<StyleSource> mPaintings;
    ClipOptions mOptions;
    std::function<void(const std::string&)> mNotice;
};

} // namespace

float defaultTemporalWeight(ClipMethod method)
{
    return method == ClipMethod::Instant ? 1.0f : 300.0f;
}

std::unique_ptr<FramePainter> makeFramePainter(const std::vector<StyleSource>& paintings, const ClipOptions& options,
                                               const std::function<void(const std::string&)>& notice)
{
    if (options.method == ClipMethod::Instant)
        return std::make_unique<InstantFramePainter>(paintings, options);
    return std::make_unique<OptimizeFramePainter>(paintings, options, notice);
}

} // namespace brushwork
