// SPDX-License-Identifier: GPL-3.0-or-later
// A painting run on a session of its own, with seeded random weights: frames
// become the picture, Reset goes back to the photo, and settings the engine
// cannot take are refused by name before anything starts.
#include "background/autosaver.h"
#include "background/stylerunner.h"
#include "sessionfixture.h"
#include "testsupport.h"
#include "support/matimage.h"
#include "window/projectcontroller.h"
#include "window/runcontroller.h"

#include "brushwork/image.h"
#include "brushwork/printscale.h"

#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>

using namespace brushwork::studio;

class TestRunController : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void framesBecomeThePictureAndResetGoesBack();
    void aBadStyleLayerWeightIsRefusedByName();
    void thePrintStartsFromThePictureOnScreen();
    void aReopenedProjectPrintsFromTheSamePicture();

private:
    /// The first frame of a print of `fixture`'s picture on screen: the
    /// picture it starts from. Null when Continue would not print.
    QImage firstPrintFrame(SessionFixture& fixture);
};

void TestRunController::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    const QString models = testsupport::emptyModelDir();
    QVERIFY(QFile::copy(testsupport::randomWeightsPath(), models + "/vgg19.safetensors"));
}

void TestRunController::framesBecomeThePictureAndResetGoesBack()
{
    SessionFixture fixture;
    fixture.fillForALongRun();
    StyleRunner runner;
    Autosaver autosaver(testsupport::scratchDir() + "/autosave");
    RunController run(fixture.session, runner, autosaver, nullptr);
    QSignalSpy frames(&runner, &StyleRunner::frameReady);
    QSignalSpy replacing(&run, &RunController::replacingPicture);
    run.start(false);
    QVERIFY(runner.isRunning());
    QCOMPARE(replacing.size(), 1);
    QVERIFY(frames.wait(20000));
    QTRY_VERIFY(!fixture.session.picture().isNull());
    QCOMPARE(fixture.session.picture().size(), QSize(64, 43));
    run.reset();
    QVERIFY(!runner.isRunning());
    QVERIFY(fixture.session.picture().isNull());
    QCOMPARE(replacing.size(), 2);
}

void TestRunController::aBadStyleLayerWeightIsRefusedByName()
{
    SessionFixture fixture;
    fixture.fillForALongRun();
    auto* styleLayers = fixture.parameters->findChild<QLineEdit*>("styleLayers");
    QVERIFY(styleLayers);
    styleLayers->setText("relu1_1,relu2_1:half");
    StyleRunner runner;
    Autosaver autosaver(testsupport::scratchDir() + "/autosave");
    RunController run(fixture.session, runner, autosaver, nullptr);
    QSignalSpy notices(&run, &RunController::notice);
    run.start(false);
    QVERIFY(!runner.isRunning());
    QCOMPARE(notices.size(), 1);
    const QString message = notices.first().first().toString();
    QVERIFY2(message.contains("relu2_1:half") && message.contains("number"), qPrintable(message));
}

QImage TestRunController::firstPrintFrame(SessionFixture& fixture)
{
    StyleRunner runner;
    Autosaver autosaver(testsupport::scratchDir() + "/autosave");
    RunController run(fixture.session, runner, autosaver, nullptr);
    if (!run.continuesAsPrint())
        return {};
    QSignalSpy frames(&runner, &StyleRunner::frameReady);
    QSignalSpy finished(&runner, &StyleRunner::finished);
    run.start(true);
    const bool framed = frames.wait(20000);
    run.stop();
    if (finished.isEmpty())
        finished.wait(20000);
    return framed ? frames.first().first().value<QImage>() : QImage();
}

void TestRunController::thePrintStartsFromThePictureOnScreen()
{
    SessionFixture fixture;
    fixture.fillForALongRun();
    // On screen: stripes, nothing like the photo a fresh run starts from.
    const cv::Mat shown = testsupport::makeStyleImage(48, 32);
    fixture.session.setPicture(matimage::toQImage(shown, true));
    fixture.parameters->outputSize()->setValue(96);
    const cv::Mat first = matimage::toMat(firstPrintFrame(fixture));
    QCOMPARE(first.size(), cv::Size(96, 64));
    QVERIFY2(brushwork::structuralSimilarity(first, shown) > 0.9,
             qPrintable(QString::number(brushwork::structuralSimilarity(first, shown))));
}

void TestRunController::aReopenedProjectPrintsFromTheSamePicture()
{
    const QString photo = testsupport::scratchDir() + "/photo.png";
    const QString painting = testsupport::scratchDir() + "/painting.png";
    brushwork::saveImage(photo.toStdString(), testsupport::makeContentImage(48, 32));
    brushwork::saveImage(painting.toStdString(), testsupport::makeStyleImage(32, 32));
    SessionFixture saving;
    saving.session.setPhoto(photo, brushwork::loadImage(photo.toStdString()));
    saving.session.addPainting(painting, brushwork::loadImage(painting.toStdString()));
    saving.session.setPicture(matimage::toQImage(testsupport::makeStyleImage(48, 32)));
    saving.parameters->outputSize()->setValue(96);
    Autosaver unused(testsupport::scratchDir() + "/unused-autosave");
    ProjectController projects(saving.session, unused, &saving.window);
    const QString path = testsupport::scratchDir() + "/print.brushwork";
    QSignalSpy saved(&projects, &ProjectController::saved);
    projects.save(path, false);
    QVERIFY(saved.wait(20000));
    const QImage printed = firstPrintFrame(saving);
    QVERIFY(!printed.isNull());

    // Reopened, the picture on screen is the one approved, and the print
    // starts from it again (the engine paints the same print from the same
    // start: tst_print).
    SessionFixture opening;
    ProjectController reading(opening.session, unused, &opening.window);
    QSignalSpy opened(&reading, &ProjectController::opened);
    reading.open(path);
    QVERIFY(opened.wait(20000));
    QCOMPARE(opening.session.settings().size, 96);
    const QImage again = firstPrintFrame(opening);
    QCOMPARE(again.size(), QSize(96, 64));
    QVERIFY(testsupport::meanAbsDifference(matimage::toMat(again), matimage::toMat(printed)) < 1e-4);
}

QTEST_MAIN(TestRunController)
#include "tst_runcontroller.moc"
