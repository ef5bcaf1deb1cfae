// SPDX-License-Identifier: GPL-3.0-or-later
// What a run reports while it goes and what it returns.
#pragma once

#include "brushwork/error.h"
#include "brushwork/schedule.h"

#include <functional>
#include <optional>
#include <string>
#include <opencv2/core.hpp>

namespace brushwork {

struct Progress {
    int iteration = 0;        ///< evaluations done so far, all scales together
    int totalIterations = 0;
    int scale = 0;            ///< 0-based index of the current scale
    int scaleCount = 0;
    int width = 0;            ///< size being optimized now
    int height = 0;
    double loss = 0;          ///< weighted total
    double content = 0;       ///< weighted content term
    double style = 0;         ///< weighted style term
    double tv = 0;            ///< weighted smoothness term
    double elapsedSeconds = 0;
    int tile = 0;             ///< 0-based tile being optimized, when tileCount > 0
    int tileCount = 0;        ///< 0: this scale is optimized whole
    int sweep = 0;            ///< 0-based pass over all tiles
    int sweepCount = 0;
    bool scaleDone = false;   ///< set on the frame that ends a scale
    /// The run ends by itself once the picture stops changing at its final
    /// scale, so totalIterations is an upper bound.
    bool mayStopEarly = false;
    /// > 0: the run ended at this iteration because the picture stopped changing.
    int plateauIteration = 0;
    /// The run's scales as the engine planned them, iterations counted as
    /// `iteration` counts them (tiled scales included): front ends estimate
    /// the time left from it instead of planning the run again.
    std::vector<ScaleStep> plan;
};

struct LossReport {
    double content = 0;
    double style = 0;
    double tv = 0;
    double total = 0;
};

/// Called on the thread that runs the engine; keep them quick.
struct RunCallbacks {
    std::function<void(const Progress&)> onProgress;                ///< after every evaluation
    std::function<void(const cv::Mat& rgb, const Progress&)> onFrame; ///< every frameEvery and at each scale's end
    /// Something the user should know that is not a failure, e.g. a run that
    /// starts from the photo because the instant picture could not be made.
    std::function<void(const std::string& text)> onNotice;
};

struct RunResult {
    cv::Mat image;            ///< CV_32FC3 RGB 0..1, at the requested size
    Progress last;
    bool cancelled = false;
    /// Set when the run stopped on a failure (e.g. the GPU ran out of memory)
    /// after it had painted something: `image` is then the last good picture,
    /// enlarged to the requested size, and `last` the progress it was made at.
    std::optional<Error> failure;
};

} // namespace brushwork
