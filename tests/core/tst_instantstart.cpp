// SPDX-License-Identifier: GPL-3.0-or-later
// Runs that start from the instant picture (InitKind::Instant), with the
// built-in SqueezeNet and arbitrary-style networks from models/.
#include "brushwork/builtinmodels.h"
#include "brushwork/engine.h"
#include "testsupport.h"

#include <QtTest>
#include <opencv2/imgproc.hpp>

using namespace brushwork;

namespace {

StyleJob tinyJob(InitKind init)
{
    StyleJob job;
    job.content = testsupport::makeContentImage(96, 72);
    job.styles.push_back({testsupport::makeStyleImage(96, 96), "stripes"});
    job.params.size = 96;
    job.params.iterations = 1;
    job.params.multiScale = false;
    job.params.seed = 3;
    job.params.init = init;
    return job;
}

struct FirstStep {
    Progress progress;
    std::vector<std::string> notices;
};

FirstStep firstStep(StyleEngine& engine, const StyleJob& job)
{
    FirstStep first;
    RunControl control;
    RunCallbacks callbacks;
    callbacks.onProgress = [&](const Progress& p) {
        if (p.iteration == 1)
            first.progress = p;
    };
    callbacks.onNotice = [&](const std::string& text) { first.notices.push_back(text); };
    engine.run(job, control, callbacks);
    return first;
}

EngineOptions builtinSqueezeNet(Precision precision = Precision::Float32)
{
    EngineOptions options;
    options.precision = precision;
    options.weightsPath = builtinModelPath("squeezenet1_0.safetensors");
    options.device = DeviceKind::Cpu;
    options.threads = 1;
    return options;
}

} // namespace

class TestInstantStart : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void startsWithLessStyleLossThanThePhoto_data();
    void startsWithLessStyleLossThanThePhoto();
    void theInstantPictureIsShownBeforeTheFirstEvaluation();
    void theFinalScaleAloneUnlessItIsTiled();
    void anAllZeroBlendStartsFromThePhoto();
    void withoutTheNetworksStartsFromThePhotoAndSaysSo();
};

void TestInstantStart::startsWithLessStyleLossThanThePhoto_data()
{
    testsupport::addPrecisionRows();
}

void TestInstantStart::startsWithLessStyleLossThanThePhoto()
{
    QFETCH(int, precision);
    StyleEngine engine(builtinSqueezeNet(Precision(precision)));
    const FirstStep photo = firstStep(engine, tinyJob(InitKind::Content));
    const FirstStep instant = firstStep(engine, tinyJob(InitKind::Instant));
    QVERIFY(instant.notices.empty());
    QVERIFY2(instant.progress.style < 0.9 * photo.progress.style,
             qPrintable(QString("style loss from the instant picture %1, from the photo %2")
                            .arg(instant.progress.style)
                            .arg(photo.progress.style)));
    QVERIFY(instant.progress.content > photo.progress.content); // it is no longer the photo itself
}

void TestInstantStart::theInstantPictureIsShownBeforeTheFirstEvaluation()
{
    StyleEngine engine(builtinSqueezeNet());
    std::vector<std::pair<int, cv::Mat>> frames;
    RunControl control;
    RunCallbacks callbacks;
    callbacks.onFrame = [&](const cv::Mat& frame, const Progress& p) { frames.emplace_back(p.iteration, frame.clone()); };
    const StyleJob job = tinyJob(InitKind::Instant);
    engine.run(job, control, callbacks);
    QVERIFY(frames.size() >= 2);
    QCOMPARE(frames.front().first, 0);
    QCOMPARE(frames.front().second.size(), cv::Size(96, 72));
    cv::Mat photo;
    cv::resize(job.content, photo, cv::Size(96, 72), 0, 0, cv::INTER_AREA);
    QVERIFY(testsupport::meanAbsDifference(frames.front().second, photo) > 0.02);
}

void TestInstantStart::theFinalScaleAloneUnlessItIsTiled()
{
    StyleEngine engine(builtinSqueezeNet());
    StyleJob job = tinyJob(InitKind::Instant);
    job.params.multiScale = true;
    job.params.firstScaleSide = 48;
    job.params.iterations = 6;
    QCOMPARE(firstStep(engine, job).progress.scaleCount, 1);
    job.params.tileSide = 64;
    QVERIFY(firstStep(engine, job).progress.scaleCount > 1);
}

void TestInstantStart::anAllZeroBlendStartsFromThePhoto()
{
    StyleEngine engine(builtinSqueezeNet());
    StyleJob photoJob = tinyJob(InitKind::Content);
    photoJob.params.weights.styleBlend = {0.0f};
    StyleJob instantJob = photoJob;
    instantJob.params.init = InitKind::Instant;
    const FirstStep photo = firstStep(engine, photoJob);
    const FirstStep instant = firstStep(engine, instantJob);
    QCOMPARE(instant.progress.loss, photo.progress.loss);
    QVERIFY(instant.notices.empty());
}

void TestInstantStart::withoutTheNetworksStartsFromThePhotoAndSaysSo()
{
    const EngineOptions options = builtinSqueezeNet();
    const QString empty = testsupport::scratchDir() + "/no-builtin-models";
    QVERIFY(QDir().mkpath(empty));
    qputenv("BRUSHWORK_BUILTIN_MODEL_DIR", empty.toUtf8());
    StyleEngine engine(options);
    const FirstStep photo = firstStep(engine, tinyJob(InitKind::Content));
    const FirstStep instant = firstStep(engine, tinyJob(InitKind::Instant));
    qunsetenv("BRUSHWORK_BUILTIN_MODEL_DIR");
    QCOMPARE(instant.progress.loss, photo.progress.loss);
    QCOMPARE(instant.notices.size(), std::size_t(1));
    const QString notice = QString::fromStdString(instant.notices.front());
    QVERIFY2(notice.contains("Started from the photo") && notice.contains(".tflite") && notice.contains(empty),
             qPrintable(notice));
}

QTEST_GUILESS_MAIN(TestInstantStart)
#include "tst_instantstart.moc"
