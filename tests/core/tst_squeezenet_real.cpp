// SPDX-License-Identifier: GPL-3.0-or-later
// With real ImageNet features (the SqueezeNet in ../shared), a short run
// moves the cat's style statistics towards Starry Night's.
#include "brushwork/engine.h"
#include "brushwork/image.h"
#include "testsupport.h"

#include <QtTest>

using namespace brushwork;

class TestSqueezeNetReal : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void styleLossFallsWellBelowTheContentImages();
};

void TestSqueezeNetReal::styleLossFallsWellBelowTheContentImages()
{
    const QString shared = testsupport::sharedDir();
    const QString weights = shared + "/models/squeezenet/squeezenet1_0.safetensors";
    if (shared.isEmpty() || !QFile::exists(weights))
        QSKIP("../shared/models/squeezenet is not here");

    EngineOptions options;
    options.weightsPath = weights.toStdString();
    options.device = DeviceKind::Cpu;
    StyleEngine engine(options);
    QCOMPARE(engine.network(), NetworkKind::SqueezeNet);

    StyleJob job;
    job.content = loadImage((shared + "/samples/chelsea.png").toStdString());
    job.styles.push_back({loadImage((shared + "/samples/starry_night.jpg").toStdString()), "starry_night"});
    job.params.size = 96;
    job.params.iterations = 40;
    job.params.multiScale = false; // the first evaluation then measures the untouched photo
    job.params.seed = 1;

    std::vector<Progress> steps;
    RunControl control;
    RunCallbacks callbacks;
    callbacks.onProgress = [&](const Progress& p) { steps.push_back(p); };
    const RunResult result = engine.run(job, control, callbacks);

    const double untouched = steps.front().style;
    const double painted = steps.back().style;
    QVERIFY2(painted < 0.25 * untouched, qPrintable(QString("style loss %1 -> %2").arg(untouched).arg(painted)));
    QCOMPARE(result.image.cols, 96);
}

QTEST_APPLESS_MAIN(TestSqueezeNetReal)
#include "tst_squeezenet_real.moc"
