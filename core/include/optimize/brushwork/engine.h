// SPDX-License-Identifier: GPL-3.0-or-later
// The style-transfer engine: a feature network and the optimization loop.
#pragma once

#include "brushwork/memorybudget.h"
#include "brushwork/params.h"
#include "brushwork/progress.h"
#include "brushwork/runcontrol.h"

#include <memory>
#include <string>
#include <vector>

namespace brushwork {

struct EngineOptions {
    std::string weightsPath;                 ///< safetensors file
    NetworkKind network = NetworkKind::Auto; ///< Auto: recognised from tensor names
    DeviceKind device = DeviceKind::Auto;    ///< Auto: CUDA when available
    int threads = 0;                         ///< CPU threads; 0 = $BRUSHWORK_THREADS, else all physical cores
    Precision precision = Precision::Auto;
};

struct BenchResult {
    double floorSeconds = 0; ///< bare network forward+backward through its deepest style layer, on the canvas
    double evalSeconds = 0;  ///< one full loss evaluation of the engine, on the canvas a run paints
    double ratio = 0;        ///< evalSeconds / floorSeconds
    /// The median over rounds of this evaluation's time over the first
    /// job's in the same round (1 for the first): the cost of what this job
    /// adds, with a machine's drifts cancelled.
    double overFirst = 1;
    int threads = 0;
    int width = 0;  ///< the picture's
    int height = 0;
    int canvasWidth = 0; ///< what is evaluated: the picture and the network's margin (none when seamless)
    int canvasHeight = 0;
    std::string device;
    std::string precision; ///< of the network's convolutions: "fp32", "bf16" or "fp16"
};

/// Whether this build of LibTorch sees a CUDA GPU.
bool cudaAvailable();

/// Owns a loaded feature network. Create it, run it and destroy it on one
/// thread (LibTorch's grad mode is per thread); steer it from any thread
/// through the RunControl passed to run().
class StyleEngine {
public:
    /// Loads and checks the weights; throws Error naming the file and the problem.
    explicit StyleEngine(const EngineOptions& options);
    ~StyleEngine();
    StyleEngine(StyleEngine&&) noexcept;
    StyleEngine& operator=(StyleEngine&&) noexcept;

    NetworkKind network() const;
    std::string deviceName() const;          ///< "CPU (2 threads)" or the GPU's name, with the precision
    std::vector<std::string> layerNames() const;
    std::vector<std::string> defaultContentLayers() const;
    std::vector<LayerWeight> defaultStyleLayers() const;

    /// Runs to completion, cancellation or failure (Error). Reports through
    /// callbacks on the calling thread.
    RunResult run(const StyleJob& job, RunControl& control, const RunCallbacks& callbacks = {});

    /// How the final scale of `job` fits the memory budget on this device
    /// (whole or in tiles). Throws Error(Resource) when it cannot fit at all.
    MemoryPlan memoryPlan(const StyleJob& job) const;

    /// The loss of `picture` for `job` at the picture's own size, in one
    /// untiled evaluation (the same terms a run reports).
    LossReport evaluateLoss(const StyleJob& job, const cv::Mat& picture);

    /// Times the bare network against a full loss evaluation of each of
    /// `jobs` (the same photo; e.g. without and with regions): after a
    /// warm-up, `repeats` rounds of the bare network and then each job's
    /// evaluation back to back; reports, per job, the round with the median
    /// ratio. With `tracePath`, one more evaluation of the first job is
    /// recorded operator by operator into that file (Chrome's trace format:
    /// chrome://tracing).
    std::vector<BenchResult> benchmark(const std::vector<StyleJob>& jobs, int repeats = 3,
                                       const std::string& tracePath = {});

    /// What benchmark() needs for a content picture of `content` and style
    /// pictures of `styles` (their sizes at full size): the pictures, one
    /// untiled evaluation at params.size and the style targets at the style
    /// scale in one pass each. Throws Error(Resource) with the estimate when
    /// that is over the budget; callers check it before making the pictures.
    void requireBenchmarkFits(const StyleParams& params, cv::Size content, const std::vector<cv::Size>& styles) const;

private:
    struct Impl;
    std::unique_ptr<Impl> mImpl;
};

} // namespace brushwork
