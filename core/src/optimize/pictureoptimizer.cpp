// SPDX-License-Identifier: GPL-3.0-or-later
#include "optimize/pictureoptimizer.h"

#include "brushwork/error.h"

#include <cmath>

#include <limits>
#include <memory>

namespace brushwork {
namespace {

/// One optimizer stepping one picture; L-BFGS does a single evaluation per
/// step so that control is checked between every two evaluations.
class StepOptimizer {
public:
    StepOptimizer(const StyleParams& params, torch::Tensor image)
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

} // namespace

RunState::RunState(RunControl& control_, const RunCallbacks& callbacks_, const LossWeights& weights_)
    : control(control_)
    , callbacks(callbacks_)
    , weights(weights_)
    , started(std::chrono::steady_clock::now())
{
    LossWeights stale;
    control.takeSteering(stale, generation); // steering from before this run is stale
}

torch::Tensor optimizePicture(const StyleObjective& objective, const torch::Tensor& image, int iterations,
                              const StyleParams& params, RunState& state, const std::function<void(int)>& afterStep,
                              PlateauDetector* plateau)
{
    StepOptimizer optimizer(params, image);
    double bestLoss = std::numeric_limits<double>::infinity();
    torch::Tensor best = image.detach().clone();
    for (int i = 0; i < iterations; ++i) {
        if (state.control.cancelRequested() || !state.control.waitWhilePaused()) {
            state.cancelled = true;
            break;
        }
        if (state.control.takeSteering(state.weights, state.generation)) {
            optimizer.restart();
            bestLoss = std::numeric_limits<double>::infinity();
            if (plateau)
                plateau->reset();
        }
        double evaluated = 0;
        try {
            optimizer.step([&] {
                const LossTerms terms = objective.evaluate(image, state.weights);
                // Optimizing on from NaN only spreads it; the last good picture is kept by the engine.
                if (!std::isfinite(terms.total))
                    throw Error(ErrorKind::Resource, {}, "the painting became numerically unstable (its loss is not a number)",
                                "Try smaller loss weights, or another optimizer");
                evaluated = terms.total;
                if (terms.total < bestLoss) {
                    bestLoss = terms.total;
                    best = image.detach().clone();
                }
                Progress& progress = state.progress;
                progress.loss = terms.total;
                progress.content = terms.content;
                progress.style = terms.style;
                progress.tv = terms.tv;
            });
        } catch (const ForwardCancelled&) {
            state.cancelled = true; // mid-evaluation: the best evaluated picture stands
            break;
        }
        state.progress.elapsedSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - state.started).count();
        afterStep(i);
        if (plateau && plateau->add(evaluated)) {
            state.plateaued = true;
            break;
        }
    }
    // The optimizer's last step has not been evaluated; the best evaluated
    // picture is the one whose loss is known.
    return best;
}

} // namespace brushwork
