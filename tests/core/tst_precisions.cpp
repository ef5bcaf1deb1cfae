// SPDX-License-Identifier: GPL-3.0-or-later
// The engine's numbers in each precision it runs: what a run reaches, where
// the plateau rule stops it, and that bf16 paints what fp32 paints. Every
// CPU runs both rows, so a machine where Precision::Auto means bf16 (AVX-512
// BF16) and one where it means fp32 check the same things.
#include "brushwork/builtinmodels.h"
#include "brushwork/engine.h"
#include "brushwork/image.h"
#include "brushwork/error.h"
#include "enginerun.h"
#include "testsupport.h"

#include <QtTest>

#include <cmath>

using namespace brushwork;
using testsupport::bestLoss;
using testsupport::recordRun;
using testsupport::tinyJob;
using Recorded = testsupport::RecordedRun;

class TestPrecisions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void lossFallsAndPictureChanges_data() { testsupport::addPrecisionRows(); }
    void lossFallsAndPictureChanges();
    void stopsWhenThePictureStopsChanging_data() { testsupport::addPrecisionRows(); }
    void stopsWhenThePictureStopsChanging();
    void plateauStopSkipsTheCoarseScales_data() { testsupport::addPrecisionRows(); }
    void plateauStopSkipsTheCoarseScales();
    void bfloat16PaintsNearlyTheSamePicture();
    void bfloat16ReachesTheSameJudgedPicture();
    void reportsTheDeviceAndPrecision_data() { testsupport::addPrecisionRows(); }
    void reportsTheDeviceAndPrecision();
    void cudaOnACpuBuildIsAClearError();
};

namespace {

StyleEngine fetchedEngine()
{
    QFETCH(int, precision);
    return StyleEngine(testsupport::randomVggOptions(Precision(precision)));
}

} // namespace

void TestPrecisions::lossFallsAndPictureChanges()
{
    StyleEngine engine = fetchedEngine();
    // The network's own layers, all five deep: the run every user makes.
    StyleJob job = tinyJob();
    job.params.contentLayers.clear();
    job.params.styleLayers.clear();
    const Recorded r = recordRun(engine, job);
    QCOMPARE(int(r.steps.size()), 30);
    const double first = r.steps.front().loss;
    const double last = r.steps.back().loss;
    QVERIFY2(last < 0.5 * first, qPrintable(QString("loss %1 -> %2").arg(first).arg(last)));
    QCOMPARE(r.result.image.size(), job.content.size());
    QVERIFY(testsupport::meanAbsDifference(r.result.image, job.content) > 0.01);
    QVERIFY(!r.result.cancelled);
}

void TestPrecisions::stopsWhenThePictureStopsChanging()
{
    StyleEngine engine = fetchedEngine();
    StyleJob job = tinyJob(32, 1000);
    job.params.stopAtPlateau = true;
    const Recorded stopped = recordRun(engine, job);
    const Progress& last = stopped.result.last;
    qInfo("stopped at iteration %d of 1000", last.plateauIteration);
    QVERIFY(!stopped.result.cancelled);
    QVERIFY2(last.plateauIteration > 20 && last.plateauIteration < 1000,
             qPrintable(QString("stopped at %1").arg(last.plateauIteration)));
    QCOMPARE(last.iteration, last.plateauIteration);
    QCOMPARE(int(stopped.steps.size()), last.plateauIteration);
    QVERIFY(stopped.steps.front().mayStopEarly);

    // A fixed count runs every iteration, along the same path: the seeded
    // run is the same up to the plateau, and 10 more evaluations buy little
    // (the plateau: the last 10 bought less than 2%).
    job.params.stopAtPlateau = false;
    job.params.iterations = last.plateauIteration + 10;
    const Recorded full = recordRun(engine, job);
    QCOMPARE(full.result.last.iteration, job.params.iterations);
    QCOMPARE(full.result.last.plateauIteration, 0);
    QVERIFY(!full.steps.front().mayStopEarly);
    QCOMPARE(full.steps[last.plateauIteration - 1].loss, stopped.steps.back().loss);
    QVERIFY2(bestLoss(full) > 0.97 * bestLoss(stopped),
             qPrintable(QString("plateau %1, 10 more %2").arg(bestLoss(stopped)).arg(bestLoss(full))));

    // A smaller tolerance polishes longer, along the same path.
    job.params.stopAtPlateau = true;
    job.params.iterations = 1000;
    job.params.plateau.tolerance = 0.005f;
    const Recorded finer = recordRun(engine, job);
    QVERIFY2(finer.result.last.plateauIteration > last.plateauIteration,
             qPrintable(QString("%1 vs %2").arg(finer.result.last.plateauIteration).arg(last.plateauIteration)));
    QCOMPARE(finer.steps[last.plateauIteration - 1].loss, stopped.steps.back().loss);
}

void TestPrecisions::plateauStopSkipsTheCoarseScales()
{
    StyleEngine engine = fetchedEngine();
    // A coarse scale never ends the run, however flat its losses: 64 px in
    // three scales from 32 px, with enough coarse iterations to level off.
    StyleJob job = tinyJob(64, 400);
    job.params.firstScaleSide = 32;
    job.params.stopAtPlateau = true;
    const Recorded r = recordRun(engine, job);
    QCOMPARE(r.result.last.scale, r.result.last.scaleCount - 1);
    for (const Progress& p : r.steps)
        if (p.scale < p.scaleCount - 1)
            QCOMPARE(p.plateauIteration, 0);
}

void TestPrecisions::bfloat16PaintsNearlyTheSamePicture()
{
    StyleEngine reduced(testsupport::randomVggOptions(Precision::BFloat16));
    StyleEngine full(testsupport::randomVggOptions(Precision::Float32));
    // Small: on CPUs without AVX-512 BF16 the bf16 convolutions are emulated
    // and several times slower than float32.
    const StyleJob job = tinyJob(48, 20);
    const Recorded half = recordRun(reduced, job);
    const Recorded whole = recordRun(full, job);
    QVERIFY(half.steps.back().loss < 0.5 * half.steps.front().loss);
    // The first evaluation is of the same picture in both precisions.
    const double first = whole.steps.front().loss;
    QVERIFY2(std::abs(half.steps.front().loss - first) < 0.02 * first,
             qPrintable(QString("%1 vs %2").arg(half.steps.front().loss).arg(first)));
    // The trajectories part ways (L-BFGS amplifies rounding), but they end
    // about as far down, judged in float32.
    const double halfJudged = full.evaluateLoss(job, half.result.image).total;
    const double wholeJudged = full.evaluateLoss(job, whole.result.image).total;
    QVERIFY2(std::abs(halfJudged - wholeJudged) < 0.25 * wholeJudged,
             qPrintable(QString("%1 vs %2").arg(halfJudged).arg(wholeJudged)));
}

// The built-in SqueezeNet, the network a fresh install paints with, on a
// photo and a painting with real texture: Precision::Auto picks bf16 where it
// reaches the picture fp32 reaches. The Grams are made of bf16 activations
// in bf16 arithmetic, so this is the test that they are good enough.
void TestPrecisions::bfloat16ReachesTheSameJudgedPicture()
{
    const QString samples = testsupport::sharedDir() + "/samples";
    const bool real = QFileInfo::exists(samples + "/chelsea.png");
    StyleJob job;
    job.content = real ? loadImage((samples + "/chelsea.png").toStdString()) : testsupport::makeContentImage(96, 72);
    job.styles.push_back({real ? loadImage((samples + "/starry_night.jpg").toStdString())
                               : testsupport::makeStyleImage(96, 96),
                          "painting"});
    job.params.size = 96;
    job.params.iterations = 60;
    job.params.stopAtPlateau = false;
    job.params.multiScale = false;
    job.params.init = InitKind::Content;
    auto options = [](Precision precision) {
        EngineOptions o;
        o.weightsPath = builtinModelPath("squeezenet1_0.safetensors");
        o.device = DeviceKind::Cpu;
        o.precision = precision;
        return o;
    };
    StyleEngine full(options(Precision::Float32));
    StyleEngine half(options(Precision::BFloat16));
    RunControl fullControl;
    RunControl halfControl;
    const double photo = full.evaluateLoss(job, job.content).total;
    const double fullJudged = full.evaluateLoss(job, full.run(job, fullControl).image).total;
    const double halfJudged = full.evaluateLoss(job, half.run(job, halfControl).image).total;
    qInfo("judged in fp32: photo %.4f, painted in fp32 %.4f, in bf16 %.4f", photo, fullJudged, halfJudged);
    QVERIFY(fullJudged < 0.75 * photo);
    QVERIFY2(halfJudged < 1.1 * fullJudged, "the bf16 run's picture is more than 10% worse, judged in fp32");
}

void TestPrecisions::reportsTheDeviceAndPrecision()
{
    QFETCH(int, precision);
    const StyleEngine engine = fetchedEngine();
    const QString name = QString::fromStdString(engine.deviceName());
    QVERIFY2(name.startsWith("CPU ("), qPrintable(name));
    // fp32 is the CPU's plain arithmetic and goes unnamed.
    QVERIFY2(name.contains("bf16") == (Precision(precision) == Precision::BFloat16), qPrintable(name));
}

void TestPrecisions::cudaOnACpuBuildIsAClearError()
{
    if (cudaAvailable())
        QSKIP("this LibTorch has CUDA");
    EngineOptions options = testsupport::randomVggOptions(Precision::Auto);
    options.device = DeviceKind::Cuda;
    try {
        StyleEngine engine(options);
        QFAIL("a CUDA engine was made without CUDA");
    } catch (const Error& error) {
        QCOMPARE(error.kind(), ErrorKind::Resource);
        QVERIFY2(QString(error.what()).contains("CUDA"), error.what());
    }
}

QTEST_APPLESS_MAIN(TestPrecisions)
#include "tst_precisions.moc"
