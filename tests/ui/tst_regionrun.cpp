// SPDX-License-Identifier: GPL-3.0-or-later
// The studio's regions beyond the panel: a region painted while a run goes
// changes what the run aims for at once, and so does its undo; a saved project reopens with its
// regions, and a piece added to a collection keeps them.
#include "background/autosaver.h"
#include "background/stylerunner.h"
#include "session/regionhistory.h"
#include "sessionfixture.h"
#include "testsupport.h"
#include "window/collectioncontroller.h"
#include "window/projectcontroller.h"
#include "window/runcontroller.h"

#include "brushwork/collection.h"
#include "brushwork/image.h"
#include "brushwork/project.h"
#include "brushwork/sha256.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>

#include <opencv2/imgproc.hpp>

using namespace brushwork::studio;

class TestRegionRun : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aRegionPaintedDuringARunChangesItsAims();
    void anUndoDuringARunChangesItsAims();
    void aSavedProjectReopensWithItsRegions();
    void aPieceAddedToACollectionKeepsItsRegions();
};

void TestRegionRun::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    const QString models = testsupport::emptyModelDir();
    QVERIFY(QFile::copy(testsupport::randomWeightsPath(), models + "/vgg19.safetensors"));
}

void TestRegionRun::aRegionPaintedDuringARunChangesItsAims()
{
    SessionFixture fixture;
    fixture.fillForALongRun();
    StyleRunner runner;
    Autosaver autosaver(testsupport::scratchDir() + "/autosave");
    RunController run(fixture.session, runner, autosaver, nullptr);
    QSignalSpy progressed(&runner, &StyleRunner::progressed);
    run.start(false);
    QVERIFY(runner.isRunning());
    QVERIFY(progressed.wait(30000));
    QVERIFY(progressed.last().first().value<brushwork::Progress>().style > 0);

    // The whole picture keeps the photo: nothing is left to paint in style,
    // and the run's style term drops to nothing at its next evaluations.
    const int region = fixture.session.addRegion(brushwork::Region::kKeepPhoto);
    brushwork::Region keep = fixture.session.regions()[region];
    keep.mask = cv::Mat(keep.mask.size(), CV_32FC1, cv::Scalar(1));
    fixture.session.setRegion(region, keep);
    QCOMPARE(runner.steering().regions.size(), std::size_t(1));
    QCOMPARE(runner.steering().regions.front().mask.data, keep.mask.data);
    QElapsedTimer followed;
    followed.start();
    progressed.clear();
    auto styleNow = [&] {
        return progressed.isEmpty() ? -1.0 : progressed.last().first().value<brushwork::Progress>().style;
    };
    QTRY_COMPARE_WITH_TIMEOUT(styleNow(), 0.0, 30000);
    qInfo("the run followed the region within %lld ms", followed.elapsed());
    QVERIFY(runner.isRunning());

    // Erased again, the painting's style is back.
    fixture.session.removeRegion(region);
    QVERIFY(runner.steering().regions.empty());
    progressed.clear();
    QTRY_VERIFY_WITH_TIMEOUT(styleNow() > 0, 30000);

    // Painted again and stopped: the autosave Resume reads has the region
    // as it is now, not as the run began.
    fixture.session.setRegion(fixture.session.addRegion(brushwork::Region::kKeepPhoto), keep);
    QSignalSpy saved(&autosaver, &Autosaver::saved);
    run.stop();
    QVERIFY(saved.wait(30000));
    const brushwork::Project resumed = brushwork::loadProject(autosaver.projectPath().toStdString());
    QCOMPARE(resumed.params.weights.regions.size(), std::size_t(1));
    QCOMPARE(resumed.params.weights.regions.front().painting, brushwork::Region::kKeepPhoto);
}

void TestRegionRun::anUndoDuringARunChangesItsAims()
{
    SessionFixture fixture;
    fixture.fillForALongRun();
    RegionHistory history(fixture.session);
    StyleRunner runner;
    Autosaver autosaver(testsupport::scratchDir() + "/undo-autosave");
    RunController run(fixture.session, runner, autosaver, nullptr);
    QSignalSpy progressed(&runner, &StyleRunner::progressed);
    auto styleNow = [&] {
        return progressed.isEmpty() ? -1.0 : progressed.last().first().value<brushwork::Progress>().style;
    };
    // The whole picture filled to keep the photo: no style is left to paint.
    const int region = history.addRegion(brushwork::Region::kKeepPhoto);
    brushwork::Region keep = fixture.session.regions()[region];
    keep.mask = cv::Mat(keep.mask.size(), CV_32FC1, cv::Scalar(1));
    history.setRegion(region, keep, "Fill");
    run.start(false);
    QTRY_COMPARE_WITH_TIMEOUT(styleNow(), 0.0, 30000);

    // The fill undone: the run goes back to the painting's style.
    history.stack().undo();
    QVERIFY(runner.steering().regions.empty());
    QElapsedTimer followed;
    followed.start();
    progressed.clear();
    QTRY_VERIFY_WITH_TIMEOUT(styleNow() > 0, 30000);
    qInfo("the run followed the undo within %lld ms", followed.elapsed());
    // And redone, the photo is kept again.
    history.stack().redo();
    QCOMPARE(runner.steering().regions.size(), std::size_t(1));
    progressed.clear();
    QTRY_COMPARE_WITH_TIMEOUT(styleNow(), 0.0, 30000);
    QSignalSpy saved(&autosaver, &Autosaver::saved);
    run.stop();
    QVERIFY(saved.wait(30000));
}

void TestRegionRun::aSavedProjectReopensWithItsRegions()
{
    const QString photo = testsupport::scratchDir() + "/photo.png";
    const QString first = testsupport::scratchDir() + "/first.png";
    const QString second = testsupport::scratchDir() + "/second.png";
    brushwork::saveImage(photo.toStdString(), testsupport::makeContentImage(48, 32));
    brushwork::saveImage(first.toStdString(), testsupport::makeStyleImage(32, 32));
    brushwork::saveImage(second.toStdString(), testsupport::makeContentImage(32, 32));
    SessionFixture saving;
    saving.session.setPhoto(photo, brushwork::loadImage(photo.toStdString()));
    saving.session.addPainting(first, brushwork::loadImage(first.toStdString()));
    saving.session.addPainting(second, brushwork::loadImage(second.toStdString()));
    // The sky in the second painting's style, a soft-edged face kept.
    brushwork::Region sky;
    sky.painting = 1;
    sky.strength = 1.5f;
    sky.mask = cv::Mat(saving.session.maskSize(), CV_32FC1, cv::Scalar(0));
    sky.mask.rowRange(0, 10).setTo(1.0);
    brushwork::Region face;
    face.mask = cv::Mat(saving.session.maskSize(), CV_32FC1, cv::Scalar(0));
    cv::circle(face.mask, {24, 20}, 8, cv::Scalar(0.5), cv::FILLED);
    saving.session.setRegions({sky, face});
    QCOMPARE(saving.session.regions().size(), std::size_t(2));

    Autosaver unused(testsupport::scratchDir() + "/unused-autosave");
    ProjectController projects(saving.session, unused, &saving.window);
    const QString path = testsupport::scratchDir() + "/regions.brushwork";
    QSignalSpy saved(&projects, &ProjectController::saved);
    projects.save(path, false);
    QVERIFY(saved.wait(20000));
    QVERIFY(saved.first().first().toBool());

    SessionFixture opening;
    ProjectController reading(opening.session, unused, &opening.window);
    QSignalSpy opened(&reading, &ProjectController::opened);
    reading.open(path);
    QVERIFY(opened.wait(20000));
    QVERIFY(opened.first().first().toBool());
    const std::vector<brushwork::Region>& regions = opening.session.regions();
    QCOMPARE(regions.size(), std::size_t(2));
    QCOMPARE(regions[0].painting, 1);
    QCOMPARE(regions[0].strength, 1.5f);
    QCOMPARE(regions[1].painting, brushwork::Region::kKeepPhoto);
    for (std::size_t r = 0; r < 2; ++r) {
        const cv::Mat& was = r == 0 ? sky.mask : face.mask;
        QCOMPARE(regions[r].mask.size(), was.size());
        QVERIFY2(cv::norm(regions[r].mask, was, cv::NORM_INF) < 1e-4, qPrintable(QString("region %1").arg(r + 1)));
    }
    // What Continue paints with: the regions reopened.
    QCOMPARE(opening.session.params().weights.regions.size(), std::size_t(2));
}

void TestRegionRun::aPieceAddedToACollectionKeepsItsRegions()
{
    const QString folder = testsupport::scratchDir() + "/collection";
    QVERIFY(QDir().mkpath(folder));
    const QString photo = folder + "/photo.png";
    const QString painting = folder + "/first.png";
    brushwork::saveImage(photo.toStdString(), testsupport::makeContentImage(48, 32));
    brushwork::saveImage(painting.toStdString(), testsupport::makeStyleImage(32, 32));
    SessionFixture fixture;
    fixture.session.setPhoto(photo, brushwork::loadImage(photo.toStdString()));
    fixture.session.addPainting(painting, brushwork::loadImage(painting.toStdString()));
    const cv::Size size = fixture.session.maskSize();
    brushwork::Region kept;
    kept.mask = cv::Mat(size, CV_32FC1, cv::Scalar(0));
    kept.mask.colRange(0, size.width / 2).setTo(1);
    brushwork::Region painted;
    painted.painting = 0;
    painted.strength = 2.5f;
    painted.mask = 1.0 - kept.mask;
    fixture.session.setRegions({kept, painted});
    CollectionController collections(fixture.session, &fixture.window);
    QSignalSpy notices(&collections, &CollectionController::notice);
    QSignalSpy added(&collections, &CollectionController::added);
    const QString plan = folder + "/plan.json";
    collections.addTo(plan);
    QVERIFY(added.wait(20000));
    QVERIFY2(added.last().first().toBool(), qPrintable(notices.value(0).value(0).toString()));

    const std::vector<brushwork::CollectionPiece> pieces =
        brushwork::expandPlan(brushwork::loadPlan(plan.toStdString()), plan.toStdString());
    QCOMPARE(pieces.size(), std::size_t(1));
    const std::vector<brushwork::PlanRegion>& regions = pieces[0].regions;
    QCOMPARE(regions.size(), std::size_t(2));
    QCOMPARE(regions[0].painting, brushwork::Region::kKeepPhoto);
    QCOMPARE(regions[1].painting, 0);
    QCOMPARE(regions[1].strength, 2.5f);
    for (const brushwork::PlanRegion& region : regions) {
        // The masks lie beside the plan, named with the hash the plan gives.
        QCOMPARE(QFileInfo(QString::fromStdString(region.mask)).absolutePath(), folder + "/masks");
        QCOMPARE(brushwork::sha256File(region.mask), region.sha256);
    }
    const cv::Mat mask = brushwork::loadImage(regions[0].mask);
    QCOMPARE(mask.size(), size);
    QVERIFY(mask.at<cv::Vec3f>(0, 0)[0] > 0.99f && mask.at<cv::Vec3f>(0, size.width - 1)[0] < 0.01f);
}

QTEST_MAIN(TestRegionRun)
#include "tst_regionrun.moc"
