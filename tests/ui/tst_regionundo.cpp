// SPDX-License-Identifier: GPL-3.0-or-later
// Edit > Undo and Redo of region edits (issue 24): a whole stroke, a fill,
// a "select similar", a region added or removed and its painting or strength
// are one step each; undone, the mask is exactly as it was. Steps stay small
// on large masks, and edits from elsewhere start the history afresh.
#include "regionfixture.h"
#include "support/regionmasks.h"
#include "testsupport.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QtTest>

#include <opencv2/imgproc.hpp>

using namespace brushwork::studio;
using Tool = RegionPanel::Tool;

class TestRegionUndo : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aStrokeIsOneStepUndoneExactlyAndRedone();
    void anUndoDuringAStrokeEndsIt();
    void aFillAndASelectSimilarAreOneStepEach();
    void addingRemovingAndChoosingAreSteps();
    void otherEditsOfTheRegionsStartAfresh();
    void aStepOnALargeMaskIsSmall();
    void theEditMenuHoldsUndoAndRedo();
};

namespace {

bool same(const cv::Mat& a, const cv::Mat& b)
{
    return a.size() == b.size() && a.type() == b.type() && cv::countNonZero(a != b) == 0;
}

const cv::Mat& maskOf(const RegionFixture& fixture, std::size_t region = 0)
{
    return fixture.session.regions().at(region).mask;
}

QPushButton* button(const RegionFixture& fixture, const QString& text)
{
    for (QPushButton* button : fixture.regions.panel()->findChildren<QPushButton*>())
        if (button->text() == text)
            return button;
    return nullptr;
}

} // namespace

void TestRegionUndo::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestRegionUndo::aStrokeIsOneStepUndoneExactlyAndRedone()
{
    RegionFixture fixture;
    fixture.showPhoto(testsupport::makeContentImage(64, 48));
    fixture.session.addPainting("painting.png", testsupport::makeStyleImage(32, 32));
    QUndoStack& stack = fixture.regions.history().stack();
    fixture.regions.panel()->brushSize()->setValue(50);
    fixture.stroke(Tool::Brush, {{0.2, 0.5}, {0.5, 0.5}});
    // The region the stroke made and the stroke are one step, as they were one gesture.
    QCOMPARE(stack.count(), 1);
    QCOMPARE(fixture.regions.undo()->text(), QStringLiteral("&Undo Brush Stroke"));
    const cv::Mat first = maskOf(fixture);
    QVERIFY(cv::countNonZero(first) > 0);
    fixture.regions.undo()->trigger();
    QVERIFY(fixture.session.regions().empty());
    fixture.regions.redo()->trigger();
    QVERIFY(same(maskOf(fixture), first));

    // A stroke that reaches the session while it is drawn is still one step.
    QSignalSpy edited(&fixture.session, &StudioSession::regionsChanged);
    fixture.press(Tool::Brush, {0.5, 0.2});
    fixture.moveTo({0.6, 0.2});
    QVERIFY(edited.wait(5000)); // the stroke so far, live
    const cv::Mat live = maskOf(fixture);
    fixture.moveTo({0.8, 0.3});
    fixture.release({0.8, 0.3});
    const cv::Mat second = maskOf(fixture);
    QVERIFY(!same(second, live));
    QVERIFY(!same(second, first));
    QCOMPARE(stack.count(), 2);
    QCOMPARE(fixture.regions.undo()->text(), QStringLiteral("&Undo Brush Stroke"));

    fixture.regions.undo()->trigger();
    QVERIFY(same(maskOf(fixture), first));
    QVERIFY(maskOf(fixture).data != second.data); // a new mask: a run may hold the old
    fixture.regions.redo()->trigger();
    QVERIFY(same(maskOf(fixture), second));

    fixture.stroke(Tool::Eraser, {{0.3, 0.5}, {0.6, 0.2}});
    QVERIFY(!same(maskOf(fixture), second));
    QCOMPARE(fixture.regions.undo()->text(), QStringLiteral("&Undo Eraser Stroke"));
    fixture.regions.undo()->trigger();
    QVERIFY(same(maskOf(fixture), second));
    // Back to the start, and forward to the end.
    while (stack.canUndo())
        stack.undo();
    QVERIFY(fixture.session.regions().empty());
    while (stack.canRedo())
        stack.redo();
    QVERIFY(!same(maskOf(fixture), second));
    QVERIFY(cv::countNonZero(maskOf(fixture)) < cv::countNonZero(second));
}

void TestRegionUndo::anUndoDuringAStrokeEndsIt()
{
    RegionFixture fixture;
    fixture.showPhoto(testsupport::makeContentImage(64, 48));
    fixture.regions.panel()->brushSize()->setValue(50);
    fixture.stroke(Tool::Brush, {{0.2, 0.5}, {0.3, 0.5}});
    const cv::Mat before = maskOf(fixture);
    QSignalSpy edited(&fixture.session, &StudioSession::regionsChanged);
    fixture.press(Tool::Brush, {0.6, 0.5});
    fixture.moveTo({0.7, 0.5});
    QVERIFY(edited.wait(5000));
    QVERIFY(!same(maskOf(fixture), before));
    fixture.regions.undo()->trigger(); // Ctrl+Z with the button still down
    QVERIFY(same(maskOf(fixture), before));
    // The rest of the stroke paints nothing: the undo ended it.
    fixture.moveTo({0.9, 0.9});
    fixture.release({0.9, 0.9});
    QVERIFY(same(maskOf(fixture), before));
    // What it had painted is one step to redo.
    fixture.regions.redo()->trigger();
    QCOMPARE(maskOf(fixture).at<float>(24, 45), 1.0f);
    QCOMPARE(maskOf(fixture).at<float>(47, 60), 0.0f);

    // The first stroke of all, undone while drawn, takes the region it made with it.
    RegionFixture fresh;
    fresh.showPhoto(testsupport::makeContentImage(64, 48));
    fresh.regions.panel()->brushSize()->setValue(50);
    QSignalSpy first(&fresh.session, &StudioSession::regionsChanged);
    fresh.press(Tool::Brush, {0.6, 0.5});
    fresh.moveTo({0.7, 0.5});
    QVERIFY(first.wait(5000));
    fresh.regions.undo()->trigger();
    QVERIFY(fresh.session.regions().empty());
    fresh.moveTo({0.9, 0.9});
    fresh.release({0.9, 0.9});
    QVERIFY(fresh.session.regions().empty());
    fresh.regions.redo()->trigger();
    QCOMPARE(fresh.session.regions().size(), std::size_t(1));
    QCOMPARE(maskOf(fresh).at<float>(24, 45), 1.0f);
    QCOMPARE(maskOf(fresh).at<float>(47, 60), 0.0f);
}

void TestRegionUndo::aFillAndASelectSimilarAreOneStepEach()
{
    // A red disc on blue, for select similar.
    cv::Mat photo(64, 64, CV_32FC3, cv::Scalar(0.1, 0.2, 0.8));
    cv::circle(photo, {32, 32}, 20, cv::Scalar(0.9, 0.15, 0.1), cv::FILLED);
    RegionFixture fixture;
    fixture.showPhoto(photo);
    QUndoStack& stack = fixture.regions.history().stack();
    fixture.regions.panel()->brushSize()->setValue(10);
    fixture.stroke(Tool::Brush, {{0.3, 0.3}, {0.7, 0.3}, {0.7, 0.7}, {0.3, 0.7}, {0.3, 0.3}});
    const cv::Mat outline = maskOf(fixture);
    fixture.stroke(Tool::Fill, {{0.5, 0.5}});
    const cv::Mat filled = maskOf(fixture);
    QCOMPARE(filled.at<float>(32, 32), 1.0f);
    QCOMPARE(fixture.regions.undo()->text(), QStringLiteral("&Undo Fill"));
    fixture.regions.undo()->trigger();
    QVERIFY(same(maskOf(fixture), outline));
    fixture.regions.redo()->trigger();
    QVERIFY(same(maskOf(fixture), filled));

    // Select similar on a new region.
    const int steps = stack.index();
    button(fixture, "Add")->click();
    QCOMPARE(stack.index(), steps + 1);
    QSignalSpy selected(&fixture.regions, &RegionController::selected);
    fixture.regions.panel()->brushSize()->setValue(30);
    fixture.stroke(Tool::SelectSimilar, {{0.45, 0.5}, {0.55, 0.5}});
    QVERIFY(selected.wait(20000));
    QCOMPARE(stack.index(), steps + 2);
    QVERIFY(cv::countNonZero(maskOf(fixture, 1) > 0.5) > 600); // most of the disc's 1257 pixels
    QCOMPARE(fixture.regions.undo()->text(), QStringLiteral("&Undo Select Similar"));
    fixture.regions.undo()->trigger();
    QCOMPARE(cv::countNonZero(maskOf(fixture, 1)), 0);
    QVERIFY(same(maskOf(fixture, 0), filled));
}

void TestRegionUndo::addingRemovingAndChoosingAreSteps()
{
    RegionFixture fixture;
    fixture.showPhoto(testsupport::makeContentImage(64, 48));
    fixture.session.addPainting("a.png", testsupport::makeStyleImage(32, 32));
    fixture.session.addPainting("b.png", testsupport::makeContentImage(32, 32));
    fixture.regions.panel()->brushSize()->setValue(50);
    fixture.stroke(Tool::Brush, {{0.2, 0.5}, {0.5, 0.5}});
    const brushwork::Region painted = fixture.session.regions()[0];

    button(fixture, "Add")->click();
    QCOMPARE(fixture.session.regions().size(), std::size_t(2));
    fixture.regions.undo()->trigger();
    QCOMPARE(fixture.session.regions().size(), std::size_t(1)); // the added region is gone
    fixture.regions.redo()->trigger();
    QCOMPARE(fixture.session.regions().size(), std::size_t(2));

    // The painted one removed, and back in its place with its mask.
    fixture.regions.panel()->setCurrent(0);
    button(fixture, "Remove")->click();
    QCOMPARE(fixture.session.regions().size(), std::size_t(1));
    fixture.regions.undo()->trigger();
    QCOMPARE(fixture.session.regions().size(), std::size_t(2));
    QCOMPARE(fixture.session.regions()[0].painting, painted.painting);
    QVERIFY(same(maskOf(fixture, 0), painted.mask));
    QCOMPARE(cv::countNonZero(maskOf(fixture, 1)), 0);

    // Its strength, moved a few times, is one step; its painting another.
    QUndoStack& stack = fixture.regions.history().stack();
    const int steps = stack.index();
    fixture.regions.panel()->setCurrent(0);
    for (double strength : {1.5, 2.0, 2.5})
        fixture.regions.panel()->strength()->setValue(strength);
    QCOMPARE(fixture.session.regions()[0].strength, 2.5f);
    QCOMPARE(stack.index(), steps + 1);
    QComboBox* painting = fixture.regions.panel()->painting();
    painting->setCurrentIndex(painting->findData(1));
    Q_EMIT painting->activated(painting->currentIndex());
    QCOMPARE(fixture.session.regions()[0].painting, 1);
    QCOMPARE(stack.index(), steps + 2);
    fixture.regions.undo()->trigger();
    QCOMPARE(fixture.session.regions()[0].painting, painted.painting);
    QCOMPARE(fixture.regions.panel()->painting()->currentData().toInt(), painted.painting); // the panel follows
    fixture.regions.undo()->trigger();
    QCOMPARE(fixture.session.regions()[0].strength, 1.0f);
    QCOMPARE(fixture.regions.panel()->strength()->value(), 1.0);
    QVERIFY(same(maskOf(fixture, 0), painted.mask));
}

void TestRegionUndo::otherEditsOfTheRegionsStartAfresh()
{
    RegionFixture fixture;
    fixture.showPhoto(testsupport::makeContentImage(64, 48));
    fixture.session.addPainting("a.png", testsupport::makeStyleImage(32, 32));
    QUndoStack& stack = fixture.regions.history().stack();
    fixture.stroke(Tool::Brush, {{0.2, 0.5}, {0.5, 0.5}});
    QCOMPARE(stack.count(), 1);
    // A painting added after the others changes no step.
    fixture.session.addPainting("b.png", testsupport::makeContentImage(32, 32));
    QCOMPARE(stack.count(), 1);
    // Steps name paintings by number: moving them starts afresh.
    fixture.session.movePainting(0, 1);
    QCOMPARE(stack.count(), 0);
    QVERIFY(!fixture.regions.undo()->isEnabled());
    fixture.stroke(Tool::Brush, {{0.2, 0.2}, {0.5, 0.2}});
    QVERIFY(stack.count() > 0);
    // Regions from a project, or a new photo.
    fixture.session.setRegions({});
    QCOMPARE(stack.count(), 0);
    fixture.stroke(Tool::Brush, {{0.2, 0.2}, {0.5, 0.2}});
    QVERIFY(stack.count() > 0);
    fixture.showPhoto(testsupport::makeContentImage(48, 48));
    QCOMPARE(stack.count(), 0);
}

void TestRegionUndo::aStepOnALargeMaskIsSmall()
{
    // A 2048 × 1536 mask (the studio paints at most 1024 on the long side;
    // a project may bring a larger one): a stroke across it, corner to
    // corner, and a fill of half of it.
    StudioSession session;
    RegionHistory history(session);
    brushwork::Region region;
    region.mask = cv::Mat(1536, 2048, CV_32FC1, cv::Scalar(0));
    session.setRegions({region});
    const double wholeMask = double(region.mask.total() * region.mask.elemSize());
    const cv::Mat stroked = regionmasks::stroke(region.mask, {0.05, 0.05}, {0.95, 0.95}, 0.03, 1.0f);
    cv::Mat half = stroked.clone();
    half.colRange(0, 1024).setTo(1.0);
    QElapsedTimer timer;
    timer.start();
    history.paint(0, stroked, history.newStroke(), "Brush Stroke");
    const std::size_t one = history.bytes();
    region.mask = half;
    history.setRegion(0, region, "Fill"); // the stroke is no longer the latest step: made small
    const std::size_t two = history.bytes();
    history.paint(0, stroked, history.newStroke(), "Eraser Stroke"); // nor is the fill
    const std::size_t three = history.bytes();
    const qint64 ms = timer.elapsed();
    QCOMPARE(history.stack().count(), 3);
    // The latest step holds its two masks whole (the session shares one).
    QVERIFY(one > 2 * wholeMask);
    const double strokeStep = double(two - one), fillStep = double(three - two);
    qInfo("a %.1f MB mask: the stroke's step holds %.0f bytes, the fill's %.0f, the latest %zu; three took %lld ms",
          wholeMask / 1e6, strokeStep, fillStep, one, ms);
    QVERIFY2(strokeStep < wholeMask / 200, qPrintable(QString("%1 bytes").arg(strokeStep)));
    QVERIFY2(fillStep < wholeMask / 200, qPrintable(QString("%1 bytes").arg(fillStep)));
    // And they undo exactly.
    history.stack().undo();
    QVERIFY(same(session.regions()[0].mask, half));
    history.stack().undo();
    QVERIFY(same(session.regions()[0].mask, stroked));
    history.stack().undo();
    QCOMPARE(cv::countNonZero(session.regions()[0].mask), 0);
}

void TestRegionUndo::theEditMenuHoldsUndoAndRedo()
{
    MainWindow window;
    QMenu* edit = nullptr;
    for (QAction* menu : window.menuBar()->actions())
        if (menu->text() == "&Edit")
            edit = menu->menu();
    QVERIFY(edit);
    QCOMPARE(edit->actions().size(), 2);
    QVERIFY(edit->actions()[0]->shortcuts().contains(QKeySequence("Ctrl+Z")));
    QVERIFY(edit->actions()[1]->shortcuts().contains(QKeySequence("Ctrl+Shift+Z")));
    QVERIFY(!edit->actions()[0]->isEnabled()); // nothing to undo yet
}

QTEST_MAIN(TestRegionUndo)
#include "tst_regionundo.moc"
