// SPDX-License-Identifier: GPL-3.0-or-later
// Whole runs of the engine through its public API, on tiny pictures with
// seeded random VGG19 weights.
#include "brushwork/engine.h"
#include "brushwork/error.h"
#include "brushwork/schedule.h"
#include "enginerun.h"
#include "testsupport.h"

#include <QtTest>
#include <c10/util/Exception.h>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <future>
#include <thread>

using namespace brushwork;

namespace {

using testsupport::tinyJob;
using Recorded = testsupport::RecordedRun;

double chromaDifference(const cv::Mat& a, const cv::Mat& b)
{
    cv::Mat ya, yb;
    cv::cvtColor(a, ya, cv::COLOR_RGB2YCrCb);
    cv::cvtColor(b, yb, cv::COLOR_RGB2YCrCb);
    std::vector<cv::Mat> ca, cb;
    cv::split(ya, ca);
    cv::split(yb, cb);
    double worst = 0;
    for (int c = 1; c < 3; ++c)
        worst = std::max(worst, cv::norm(ca[c], cb[c], cv::NORM_INF));
    return worst;
}

} // namespace

class TestStyleTransfer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void adamAlsoLowersTheLoss();
    void seedMakesRunsRepeatExactly();
    void noiseInitDependsOnSeed();
    void luminanceModeKeepsContentChroma();
    void histogramModeRuns();
    void multiScaleVisitsThePlannedSizes();
    void cancelStopsWithinOneEvaluation();
    void cancelWhilePausedReturns();
    void steeringTheStyleWeightChangesCourse();
    void steeringPausingAndStoppingFromAnotherThread();
    void blendSelectsAStyle();
    void badJobsAreRefused();
    void initFromAPictureStartsThere();
    void styleScaleChangesThePainting();
    void outOfMemoryMidRunKeepsTheLastGoodPicture();
    void outOfMemoryBeforeAnyPictureIsAnError();

private:
    Recorded run(const StyleJob& job, RunControl& control,
                 const std::function<void(const Progress&)>& onStep = {});
    Recorded run(const StyleJob& job);
    std::unique_ptr<StyleEngine> mEngine;
};

void TestStyleTransfer::initTestCase()
{
    // What these tests prove holds in any precision; tst_precisions checks
    // the numbers in both.
    mEngine = std::make_unique<StyleEngine>(testsupport::randomVggOptions(Precision::Float32));
    QCOMPARE(mEngine->network(), NetworkKind::Vgg19);
}

Recorded TestStyleTransfer::run(const StyleJob& job, RunControl& control,
                                const std::function<void(const Progress&)>& onStep)
{
    return testsupport::recordRun(*mEngine, job, control, onStep);
}

Recorded TestStyleTransfer::run(const StyleJob& job)
{
    return testsupport::recordRun(*mEngine, job);
}

void TestStyleTransfer::adamAlsoLowersTheLoss()
{
    StyleJob job = tinyJob();
    job.params.optimizer = OptimizerKind::Adam;
    const Recorded r = run(job);
    QVERIFY(r.steps.back().loss < 0.8 * r.steps.front().loss);
}

void TestStyleTransfer::seedMakesRunsRepeatExactly()
{
    StyleJob job = tinyJob(48, 12);
    job.params.init = InitKind::Noise;
    const Recorded a = run(job);
    const Recorded b = run(job);
    QCOMPARE(cv::norm(a.result.image, b.result.image, cv::NORM_INF), 0.0);
    QCOMPARE(a.steps.back().loss, b.steps.back().loss);
}

void TestStyleTransfer::noiseInitDependsOnSeed()
{
    StyleJob job = tinyJob(48, 2);
    job.params.init = InitKind::Noise;
    const Recorded a = run(job);
    job.params.seed = 8;
    const Recorded b = run(job);
    QVERIFY(cv::norm(a.result.image, b.result.image, cv::NORM_INF) > 0.1);
}

void TestStyleTransfer::luminanceModeKeepsContentChroma()
{
    StyleJob job = tinyJob(64, 15);
    job.params.colour = ColourMode::Luminance;
    const Recorded r = run(job);
    QVERIFY(testsupport::meanAbsDifference(r.result.image, job.content) > 0.005);
    // Chroma within 2/255 of the content's, except where luminance clipping at 0 or 1 bends it.
    const double chroma = chromaDifference(r.result.image, job.content);
    const Recorded plain = run(tinyJob(64, 15));
    QVERIFY2(chroma < 0.5 * chromaDifference(plain.result.image, job.content),
             qPrintable(QString::number(chroma)));
    cv::Mat ours, theirs;
    cv::cvtColor(r.result.image, ours, cv::COLOR_RGB2YCrCb);
    cv::cvtColor(job.content, theirs, cv::COLOR_RGB2YCrCb);
    const cv::Scalar oursMean = cv::mean(ours);
    const cv::Scalar theirsMean = cv::mean(theirs);
    QVERIFY(std::abs(oursMean[1] - theirsMean[1]) < 2.0 / 255);
    QVERIFY(std::abs(oursMean[2] - theirsMean[2]) < 2.0 / 255);
}

void TestStyleTransfer::histogramModeRuns()
{
    StyleJob job = tinyJob(48, 10);
    job.params.colour = ColourMode::Histogram;
    const Recorded r = run(job);
    QCOMPARE(r.result.image.size(), job.content.size());
    QVERIFY(r.steps.back().loss < r.steps.front().loss);
}

void TestStyleTransfer::multiScaleVisitsThePlannedSizes()
{
    StyleJob job = tinyJob(96, 12);
    job.params.firstScaleSide = 48;
    const Recorded r = run(job);
    std::vector<int> sides;
    for (const Progress& p : r.steps)
        if (sides.empty() || sides.back() != std::max(p.width, p.height))
            sides.push_back(std::max(p.width, p.height));
    std::vector<int> planned;
    for (const ScaleStep& s : planScales(96, 12, 48))
        planned.push_back(s.longSide);
    QCOMPARE(sides, planned);
    QCOMPARE(r.steps.back().scaleCount, int(planned.size()));
    QCOMPARE(r.result.image.size(), job.content.size());
}

void TestStyleTransfer::cancelStopsWithinOneEvaluation()
{
    RunControl control;
    const Recorded r = run(tinyJob(64, 50), control, [&](const Progress& p) {
        if (p.iteration == 3)
            control.requestCancel();
    });
    QVERIFY(r.result.cancelled);
    QCOMPARE(int(r.steps.size()), 3);
    QCOMPARE(r.result.image.size(), tinyJob().content.size());
}

void TestStyleTransfer::cancelWhilePausedReturns()
{
    RunControl control;
    std::thread canceller;
    const Recorded r = run(tinyJob(64, 50), control, [&](const Progress& p) {
        if (p.iteration == 2) {
            control.setPaused(true);
            canceller = std::thread([&] { control.requestCancel(); });
        }
    });
    canceller.join();
    QVERIFY(r.result.cancelled);
    QCOMPARE(int(r.steps.size()), 2); // nothing was evaluated while paused
}

void TestStyleTransfer::steeringTheStyleWeightChangesCourse()
{
    const StyleJob job = tinyJob(64, 20);
    const Recorded plain = run(job);
    RunControl control;
    const Recorded steered = run(job, control, [&](const Progress& p) {
        if (p.iteration == 5) {
            LossWeights weaker = job.params.weights;
            weaker.style /= 1000;
            control.steer(weaker);
        }
    });
    for (int i = 0; i < 5; ++i)
        QCOMPARE(steered.steps[i].loss, plain.steps[i].loss);
    QVERIFY(steered.steps[5].loss != plain.steps[5].loss);
    // With the style turned down, the picture keeps closer to the photo.
    const double plainContent = plain.steps.back().content;
    const double steeredContent = steered.steps.back().content;
    QVERIFY2(steeredContent < 0.5 * plainContent, qPrintable(QString("%1 vs %2").arg(steeredContent).arg(plainContent)));
    QVERIFY(cv::norm(plain.result.image, steered.result.image, cv::NORM_INF) > 0.01);
}

// The studio steers, pauses and stops from the GUI thread while the engine
// runs on its worker; the ThreadSanitizer build runs this test.
void TestStyleTransfer::steeringPausingAndStoppingFromAnotherThread()
{
    const StyleJob job = tinyJob(64, 100000);
    RunControl control;
    std::promise<void> fifthStep;
    std::promise<void> fifteenthStep;
    std::thread gui([&] {
        fifthStep.get_future().wait();
        LossWeights weights = job.params.weights;
        for (int i = 0; i < 20; ++i) {
            weights.style *= 0.9;
            control.steer(weights);
            control.setPaused(i % 2 == 0);
        }
        control.setPaused(false);
        fifteenthStep.get_future().wait();
        control.requestCancel();
    });
    const Recorded r = run(job, control, [&](const Progress& p) {
        if (p.iteration == 5)
            fifthStep.set_value();
        if (p.iteration == 15)
            fifteenthStep.set_value();
    });
    gui.join();
    QVERIFY(r.result.cancelled);
    QVERIFY(r.steps.size() >= 15);
    QVERIFY2(r.steps.size() < 1000, qPrintable(QString::number(r.steps.size())));
    QCOMPARE(r.result.image.size(), job.content.size());
}

void TestStyleTransfer::blendSelectsAStyle()
{
    StyleJob single = tinyJob(48, 8);
    StyleJob blended = single;
    cv::Mat other;
    cv::GaussianBlur(testsupport::makeContentImage(48, 48), other, {7, 7}, 3);
    blended.styles.push_back({other, "blurred"});
    blended.params.weights.styleBlend = {1, 0};
    QCOMPARE(cv::norm(run(single).result.image, run(blended).result.image, cv::NORM_INF), 0.0);
    blended.params.weights.styleBlend = {0.5, 0.5};
    QVERIFY(cv::norm(run(single).result.image, run(blended).result.image, cv::NORM_INF) > 0.001);
}

void TestStyleTransfer::badJobsAreRefused()
{
    StyleJob noStyle = tinyJob();
    noStyle.styles.clear();
    RunControl control;
    try {
        mEngine->run(noStyle, control);
        QFAIL("a job without a style ran");
    } catch (const Error& error) {
        QCOMPARE(error.kind(), ErrorKind::Usage);
        QVERIFY2(QString(error.what()).contains("style"), error.what());
    }
    StyleJob badLayer = tinyJob();
    badLayer.params.contentLayers = {"fire9"};
    QVERIFY_THROWS_EXCEPTION(Error, mEngine->run(badLayer, control));
    for (const PlateauRule rule : {PlateauRule{0, 0.02f}, PlateauRule{10, 0.0f}, PlateauRule{10, std::nanf("")}}) {
        StyleJob badRule = tinyJob();
        badRule.params.plateau = rule;
        try {
            mEngine->run(badRule, control);
            QFAIL("a job with a meaningless plateau rule ran");
        } catch (const Error& error) {
            QVERIFY2(QString(error.what()).contains("plateau"), error.what());
        }
    }
}

void TestStyleTransfer::initFromAPictureStartsThere()
{
    StyleJob job = tinyJob(64, 0);
    job.params.init = InitKind::Image;
    job.params.initImage = testsupport::makeStyleImage(64, 48);
    const Recorded r = run(job);
    QVERIFY(r.steps.empty());
    QVERIFY(testsupport::meanAbsDifference(r.result.image, job.params.initImage) < 1e-6);
    QVERIFY(testsupport::meanAbsDifference(r.result.image, job.content) > 0.1);
}

void TestStyleTransfer::styleScaleChangesThePainting()
{
    StyleJob job = tinyJob(64, 10);
    const Recorded normal = run(job);
    job.params.styleScale = 0.5f;
    const Recorded finer = run(job);
    QVERIFY(finer.steps.front().style != normal.steps.front().style); // other target Grams
    QVERIFY(cv::norm(normal.result.image, finer.result.image, cv::NORM_INF) > 0.01);
}

QTEST_APPLESS_MAIN(TestStyleTransfer)
// LibTorch reports a GPU running out of memory as c10::OutOfMemoryError from
// inside the loop; throwing it from the progress callback reaches the engine
// the same way, which a CPU-only machine cannot provoke for real.
void TestStyleTransfer::outOfMemoryMidRunKeepsTheLastGoodPicture()
{
    StyleJob job = tinyJob(64, 40);
    job.params.frameEvery = 5;
    RunControl control;
    RunCallbacks callbacks;
    cv::Mat lastFrame;
    int lastFrameIteration = 0;
    callbacks.onFrame = [&](const cv::Mat& frame, const Progress& p) {
        lastFrame = frame.clone();
        lastFrameIteration = p.iteration;
    };
    callbacks.onProgress = [](const Progress& p) {
        if (p.iteration == 23)
            TORCH_CHECK_WITH(OutOfMemoryError, false, "CUDA out of memory. Tried to allocate 2.00 GiB");
    };
    const RunResult result = mEngine->run(job, control, callbacks);
    QVERIFY(result.failure.has_value());
    QCOMPARE(result.failure->kind(), ErrorKind::Resource);
    QVERIFY2(QString(result.failure->what()).contains("out of memory"), result.failure->what());
    QCOMPARE(lastFrameIteration, 20);
    QCOMPARE(result.last.iteration, 20);
    QCOMPARE(result.image.size(), job.content.size());
    QVERIFY(!lastFrame.empty());
    QVERIFY(cv::norm(result.image, lastFrame, cv::NORM_INF) < 1e-6);
    QVERIFY(cv::norm(result.image, job.content, cv::NORM_L1) / result.image.total() > 0.01);
}

void TestStyleTransfer::outOfMemoryBeforeAnyPictureIsAnError()
{
    RunControl control;
    RunCallbacks callbacks;
    callbacks.onProgress = [](const Progress& p) {
        if (p.iteration == 2)
            TORCH_CHECK_WITH(OutOfMemoryError, false, "CUDA out of memory. Tried to allocate 2.00 GiB");
    };
    try {
        mEngine->run(tinyJob(64, 40), control, callbacks);
        QFAIL("the run did not report the failure");
    } catch (const Error& error) {
        QCOMPARE(error.kind(), ErrorKind::Resource);
        QVERIFY2(QString(error.what()).contains("out of memory"), error.what());
    }
}

#include "tst_styletransfer.moc"
