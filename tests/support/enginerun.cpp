// SPDX-License-Identifier: GPL-3.0-or-later
#include "enginerun.h"

#include "testsupport.h"

#include <algorithm>

namespace testsupport {

using namespace brushwork;

StyleJob tinyJob(int size, int iterations)
{
    StyleJob job;
    job.content = makeContentImage(size, size * 3 / 4);
    job.styles.push_back({makeStyleImage(size, size), "stripes"});
    job.params.size = size;
    job.params.iterations = iterations;
    job.params.seed = 7;
    job.params.stopAtPlateau = false; // these tests count iterations; the plateau tests turn it on
    // Only VGG19's layers up to relu3_1: the deep layers hold nearly all the
    // weights, so an evaluation costs a fraction as much, and what these
    // tests prove does not depend on how deep the network looks.
    job.params.contentLayers = {"relu2_2"};
    job.params.styleLayers = {{"relu1_1", 1}, {"relu2_1", 1}, {"relu3_1", 1}};
    return job;
}

EngineOptions randomVggOptions(Precision precision)
{
    EngineOptions options;
    options.weightsPath = randomWeightsPath().toStdString();
    options.device = DeviceKind::Cpu;
    options.precision = precision;
    return options;
}

RecordedRun recordRun(StyleEngine& engine, const StyleJob& job, RunControl& control,
                      const std::function<void(const Progress&)>& onStep)
{
    RecordedRun recorded;
    RunCallbacks callbacks;
    callbacks.onProgress = [&](const Progress& p) {
        recorded.steps.push_back(p);
        if (onStep)
            onStep(p);
    };
    recorded.result = engine.run(job, control, callbacks);
    return recorded;
}

RecordedRun recordRun(StyleEngine& engine, const StyleJob& job)
{
    RunControl control;
    return recordRun(engine, job, control);
}

double bestLoss(const RecordedRun& run)
{
    double best = run.steps.front().loss;
    for (const Progress& p : run.steps)
        best = std::min(best, p.loss);
    return best;
}

} // namespace testsupport
