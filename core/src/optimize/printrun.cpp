// SPDX-License-Identifier: GPL-3.0-or-later
#include "optimize/printrun.h"

#include "brushwork/schedule.h"
#include "optimize/styletransfer.h"

#include <algorithm>
#include <cmath>

namespace brushwork {
namespace {

/// The refinement's evaluations per size, at most: an evaluation at 1536 px
/// costs nine at 512, and `bench --print` (SqueezeNet, astronaut x
/// starry_night) keeps the preview's strokes with 30 at 1024 px (structural
/// similarity 0.97 to the preview, shrunk).
constexpr int kRefineIterations = 30;

/// The long side of the picture `job` starts from when it is smaller than
/// the run (a preview given to print); 0 otherwise.
int givenPreviewSide(const StyleJob& job)
{
    const StyleParams& params = job.params;
    if (params.init != InitKind::Image || params.initImage.empty())
        return 0;
    const int side = std::max(params.initImage.cols, params.initImage.rows);
    return side < params.size ? side : 0;
}

/// The preview's and the refinement's progress as one run's: what the
/// refinement reports comes after what the preview did, and while the
/// preview runs the refinement's scales are still to come.
struct JoinedProgress {
    int doneIterations = 0;
    int doneScales = 0;
    double doneSeconds = 0;
    std::vector<ScaleStep> donePlan; ///< the preview's, once it is painted
    std::vector<ScaleStep> laterPlan; ///< the refinement's, while the preview is painted

    Progress operator()(Progress p) const
    {
        p.iteration += doneIterations;
        p.totalIterations += doneIterations;
        for (const ScaleStep& step : laterPlan)
            p.totalIterations += step.iterations;
        p.scale += doneScales;
        p.scaleCount += doneScales + int(laterPlan.size());
        p.elapsedSeconds += doneSeconds;
        if (p.plateauIteration > 0)
            p.plateauIteration += doneIterations;
        std::vector<ScaleStep> plan = donePlan;
        plan.insert(plan.end(), p.plan.begin(), p.plan.end());
        plan.insert(plan.end(), laterPlan.begin(), laterPlan.end());
        p.plan = std::move(plan);
        p.mayStopEarly = p.mayStopEarly || !laterPlan.empty();
        return p;
    }

    RunCallbacks wrap(const RunCallbacks& callbacks) const
    {
        RunCallbacks joined = callbacks;
        if (callbacks.onProgress)
            joined.onProgress = [this, &callbacks](const Progress& p) { callbacks.onProgress((*this)(p)); };
        if (callbacks.onFrame)
            joined.onFrame = [this, &callbacks](const cv::Mat& frame, const Progress& p) {
                callbacks.onFrame(frame, (*this)(p));
            };
        return joined;
    }
};

} // namespace

int previewSideOf(const StyleJob& job)
{
    const int given = givenPreviewSide(job);
    return given > 0 ? given : job.params.previewSize;
}

bool paintsPrint(const StyleJob& job)
{
    return job.params.multiScale && job.params.size > previewSideOf(job);
}

int refineIterations(const StyleParams& params)
{
    return std::min(params.iterations, kRefineIterations);
}

RunResult runPrint(const FeatureNetwork& network, const Compute& compute, const StyleJob& job,
                   const std::function<StyleJob(const StyleJob&)>& prepare, RunControl& control,
                   const RunCallbacks& callbacks)
{
    validateJob(job);
    const int previewSide = previewSideOf(job);
    const Refinement refinement{planRefinement(previewSide, job.params.size, refineIterations(job.params))};
    requirePlannable(network, compute, job, &refinement);
    JoinedProgress joined;
    joined.laterPlan = refinement.steps;

    StyleJob print = job;
    print.params.init = InitKind::Image;
    if (givenPreviewSide(job) == 0) {
        StyleJob preview = job;
        preview.params.size = previewSide;
        RunResult painted = runStyleTransfer(network, compute, prepare(preview), control, joined.wrap(callbacks));
        painted.last = joined(painted.last);
        if (painted.cancelled || painted.failure) {
            painted.image = finishPicture(painted.image, job);
            return painted;
        }
        print.params.initImage = painted.image;
        joined.doneIterations = painted.last.iteration;
        joined.doneScales = painted.last.scaleCount - int(refinement.steps.size());
        joined.doneSeconds = painted.last.elapsedSeconds;
        joined.donePlan.assign(painted.last.plan.begin(), painted.last.plan.end() - std::ptrdiff_t(refinement.steps.size()));
        joined.laterPlan.clear();
    }
    RunResult result = runStyleTransfer(network, compute, print, control, joined.wrap(callbacks), &refinement);
    result.last = joined(result.last);
    return result;
}

} // namespace brushwork
