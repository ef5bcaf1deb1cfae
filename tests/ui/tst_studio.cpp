// SPDX-License-Identifier: GPL-3.0-or-later
// The studio window as a user drives it: pictures in, a run started,
// steered, paused, stopped, reset and closed.
#include "studiowindow.h"
#include "widgets/logslider.h"
#include "widgets/losschart.h"
#include "widgets/stylelist.h"

#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>

#include <chrono>

using namespace brushwork::studio;
using studioparts::notice;
using studioparts::succeeds;

class TestStudio : public QObject, public StudioWindow {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { prepareFiles(); }
    void init() { openWindow(); }
    void cleanup() { mWindow.reset(); }
    void dropLoadsPhotoAndPaintings();
    void brokenFileIsRefusedAndNothingIsLost();
    void withoutWeightsStartIsOffWithAWayOut();
    void slidersReachTheRunningEngine();
    void startPaintsFramesAndStopEndsQuickly();
    void pauseHoldsTheIterationCount();
    void closingMidRunExitsCleanly();
    void guiStaysResponsiveWhilePainting();
    void resetMidRunReturnsToThePhoto();
};

void TestStudio::dropLoadsPhotoAndPaintings()
{
    loadPair();
    QCOMPARE(session()->paintings().size(), std::size_t(1));
    QCOMPARE(preview()->picture().size(), QSize(64, 48));
    drop(part<StyleList>(*mWindow), {mStyle, mStyle});
    QTRY_COMPARE(session()->paintings().size(), std::size_t(3));
}

void TestStudio::brokenFileIsRefusedAndNothingIsLost()
{
    loadPair();
    drop(mWindow.get(), {mBroken});
    QTRY_VERIFY2(notice(*mWindow).contains("broken.jpg"), qPrintable(notice(*mWindow)));
    QCOMPARE(preview()->picture().size(), QSize(64, 48));
    QCOMPARE(session()->paintings().size(), std::size_t(1));
}

void TestStudio::withoutWeightsStartIsOffWithAWayOut()
{
    qputenv("BRUSHWORK_MODEL_DIR", (testsupport::scratchDir() + "/no-models").toUtf8());
    qputenv("BRUSHWORK_BUILTIN_MODEL_DIR", (testsupport::scratchDir() + "/no-builtin-models").toUtf8());
    MainWindow bare;
    bare.openFiles({mContent, mStyle});
    QTRY_COMPARE(part<PictureController>(bare)->pending(), 0);
    QCOMPARE(part<StudioSession>(bare)->paintings().size(), std::size_t(1));
    QAction* start = nullptr;
    for (QAction* action : bare.findChildren<QAction*>())
        if (action->text() == tr("&Start"))
            start = action;
    QVERIFY(start && !start->isEnabled());
    bool offered = false;
    for (QPushButton* button : bare.findChildren<QPushButton*>())
        offered |= button->text().startsWith("Use a weights file");
    QVERIFY(offered);
    qputenv("BRUSHWORK_MODEL_DIR", mModelDir);
    qunsetenv("BRUSHWORK_BUILTIN_MODEL_DIR");
}

void TestStudio::slidersReachTheRunningEngine()
{
    loadPair();
    run()->start(false);
    parameters()->styleWeight()->setValue(123.0);
    QCOMPARE(runner()->steering().style, 123.0f);
    parameters()->contentWeight()->slider()->setValue(0);
    QCOMPARE(runner()->steering().content, 0.01f);
    QVERIFY(runner()->isRunning());
    run()->stop();
}

void TestStudio::startPaintsFramesAndStopEndsQuickly()
{
    loadPair();
    const QImage before = preview()->picture();
    QSignalSpy frames(runner(), &StyleRunner::frameReady);
    QSignalSpy finished(runner(), &StyleRunner::finished);
    run()->start(false);
    QVERIFY(frames.wait(20000));
    // A frame carries the progress it was painted at, and the engine's plan
    // with it. The first is the instant picture the run starts from, shown
    // before the first evaluation.
    const auto painted = frames.first().at(1).value<brushwork::Progress>();
    QCOMPARE(painted.iteration, 0);
    QVERIFY(!painted.plan.empty());
    QTRY_VERIFY_WITH_TIMEOUT(preview()->picture() != before, 20000);
    QElapsedTimer stopping;
    stopping.start();
    run()->stop();
    QVERIFY(finished.wait(2000));
    QVERIFY(stopping.elapsed() < 2000);
    QCOMPARE(finished.first().at(1).toBool(), true);
    QVERIFY(!runner()->isRunning());
    QVERIFY(part<LossChart>(*mWindow)->pointCount() > 0);
}

void TestStudio::pauseHoldsTheIterationCount()
{
    loadPair();
    QSignalSpy progress(runner(), &StyleRunner::progressed);
    const auto lastIteration = [&] {
        return progress.isEmpty() ? 0 : progress.last().first().value<brushwork::Progress>().iteration;
    };
    run()->start(false);
    QTRY_VERIFY_WITH_TIMEOUT(lastIteration() >= 3, 20000);
    run()->togglePause();
    QVERIFY(runner()->isPaused());
    // At most the evaluation under way finishes; then nothing moves.
    QTest::qWait(300);
    const int held = lastIteration();
    QTest::qWait(700);
    QCOMPARE(lastIteration(), held);
    run()->togglePause();
    QTRY_VERIFY_WITH_TIMEOUT(lastIteration() > held, 20000);
    run()->stop();
}

void TestStudio::closingMidRunExitsCleanly()
{
    loadPair();
    QSignalSpy progress(runner(), &StyleRunner::progressed);
    run()->start(false);
    QVERIFY(progress.wait(20000));
    // Closing mid-run asks first (without waiting for the answer) ...
    QVERIFY(!mWindow->close());
    auto* question = mWindow->findChild<QMessageBox*>("stopAndClose");
    QVERIFY(question && question->isVisible());
    QVERIFY(mWindow->isVisible());
    // ... and Yes closes the window.
    question->button(QMessageBox::Yes)->click();
    QTRY_VERIFY(!mWindow->isVisible());
    QElapsedTimer joining;
    joining.start();
    mWindow.reset(); // joins the worker thread
    QVERIFY(joining.elapsed() < 2000);
}

void TestStudio::guiStaysResponsiveWhilePainting()
{
    loadPair();
    QSignalSpy progress(runner(), &StyleRunner::progressed);
    run()->start(false);
    QVERIFY(progress.wait(20000));
    using Clock = std::chrono::steady_clock;
    QTimer timer;
    timer.setInterval(10);
    Clock::time_point last = Clock::now();
    double worst = 0;
    int ticks = 0;
    connect(&timer, &QTimer::timeout, [&] {
        const Clock::time_point now = Clock::now();
        worst = std::max(worst, std::chrono::duration<double, std::milli>(now - last).count() - 10.0);
        last = now;
        ++ticks;
    });
    timer.start();
    QTRY_VERIFY_WITH_TIMEOUT(ticks >= 150, 10000);
    timer.stop();
    QVERIFY(runner()->isRunning());
    qInfo("worst GUI timer lateness during a run: %.1f ms over %d ticks", worst, ticks);
    QVERIFY2(worst < 100, qPrintable(QString("the GUI thread was %1 ms late").arg(worst)));
    run()->stop();
}

void TestStudio::resetMidRunReturnsToThePhoto()
{
    loadPair();
    const QImage photo = preview()->picture();
    QSignalSpy frames(runner(), &StyleRunner::frameReady);
    run()->start(false);
    QVERIFY(frames.wait(20000));
    run()->reset();
    QVERIFY(!runner()->isRunning());
    QCOMPARE(preview()->picture(), photo);
    // The cancelled run's last picture must not come back over the photo.
    QSignalSpy late(runner(), &StyleRunner::finished);
    QVERIFY(!late.wait(1500));
    QCOMPARE(preview()->picture(), photo);
}

QTEST_MAIN(TestStudio)
#include "tst_studio.moc"
