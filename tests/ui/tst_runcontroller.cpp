// SPDX-License-Identifier: GPL-3.0-or-later
// A painting run on a session of its own, with seeded random weights: frames
// become the picture, Reset goes back to the photo, and settings the engine
// cannot take are refused by name before anything starts.
#include "background/autosaver.h"
#include "background/stylerunner.h"
#include "sessionfixture.h"
#include "testsupport.h"
#include "window/runcontroller.h"

#include "brushwork/image.h"

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

private:
    void fill(SessionFixture& fixture);
};

void TestRunController::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    const QString models = testsupport::emptyModelDir();
    QVERIFY(QFile::copy(testsupport::randomWeightsPath(), models + "/vgg19.safetensors"));
}

void TestRunController::fill(SessionFixture& fixture)
{
    fixture.session.setPhoto("photo.png", testsupport::makeContentImage(48, 32));
    fixture.session.addPainting("painting.png", testsupport::makeStyleImage(32, 32));
    fixture.parameters->outputSize()->setValue(64); // the smallest the studio offers
    fixture.parameters->quality()->setCurrentIndex(2); // outlasts the test
}

void TestRunController::framesBecomeThePictureAndResetGoesBack()
{
    SessionFixture fixture;
    fill(fixture);
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
    fill(fixture);
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

QTEST_MAIN(TestRunController)
#include "tst_runcontroller.moc"
