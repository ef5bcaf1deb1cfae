// SPDX-License-Identifier: GPL-3.0-or-later
// A print is its preview, enlarged and refined (issue 27): a 64 px preview
// and its 192 px print, on seeded random VGG19 weights and the built-in
// instant networks.
#include "brushwork/autosave.h"
#include "brushwork/engine.h"
#include "brushwork/image.h"
#include "brushwork/instantstyle.h"
#include "brushwork/printscale.h"
#include "enginerun.h"
#include "testsupport.h"

#include <QtTest>
#include <opencv2/imgproc.hpp>

using namespace brushwork;

namespace {

constexpr int kPreview = 64;
constexpr int kPrint = 192;

/// From noise, so that a print painted on its own places every stroke
/// elsewhere: only a print grown from its preview can look like it.
StyleJob noiseJob(int size)
{
    StyleJob job = testsupport::tinyJob(kPreview, 12);
    job.content = testsupport::makeContentImage(kPrint, kPrint * 3 / 4);
    job.params.size = size;
    job.params.init = InitKind::Noise;
    job.params.previewSize = kPreview;
    return job;
}

StyleEngine randomVgg()
{
    return StyleEngine(testsupport::randomVggOptions(Precision::Float32));
}

} // namespace

class TestPrint : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void thePrintScaledDownIsThePreview();
    void progressCountsThePreviewAndTheRefinementAsOneRun();
    void aGivenPreviewIsEnlargedNotPaintedAgainAndAgainTheSame();
    void theInstantPrintKeepsItsStrokes();
    void anchoringKeepsThePreviewAndTheFinerDetail();
    void aPrintStoppedBeforeItsSizeResumesAsAPrint();
};

void TestPrint::thePrintScaledDownIsThePreview()
{
    StyleEngine engine = randomVgg();
    const cv::Mat preview = testsupport::recordRun(engine, noiseJob(kPreview)).result.image;
    const cv::Mat print = testsupport::recordRun(engine, noiseJob(kPrint)).result.image;
    QCOMPARE(print.size(), cv::Size(kPrint, kPrint * 3 / 4));
    // Before issue 27 a print climbed its own coarse scales: the preview
    // size as large as the print gives that path.
    StyleJob former = noiseJob(kPrint);
    former.params.previewSize = kPrint;
    const cv::Mat alone = testsupport::recordRun(engine, former).result.image;
    const double grown = structuralSimilarity(print, preview);
    const double painted = structuralSimilarity(alone, preview);
    QVERIFY2(grown > 0.6 && grown > painted + 0.2,
             qPrintable(QString("SSIM to the preview: grown from it %1, painted alone %2").arg(grown).arg(painted)));
    // Not merely close: shrunk, the print is the preview to within a grey
    // level, and yet the refinement changed it at its own size.
    const double shrunkOff = testsupport::meanAbsDifference(resizeToLongSide(print, kPreview), preview);
    const double refined = testsupport::meanAbsDifference(print, resizeToLongSide(preview, kPrint));
    QVERIFY2(shrunkOff < 1.0 / 255 && refined > 2.0 / 255,
             qPrintable(QString("shrunk print off the preview by %1, print off the enlarged preview by %2")
                            .arg(shrunkOff * 255)
                            .arg(refined * 255)));
}

void TestPrint::progressCountsThePreviewAndTheRefinementAsOneRun()
{
    StyleEngine engine = randomVgg();
    const testsupport::RecordedRun run = testsupport::recordRun(engine, noiseJob(kPrint));
    const Progress& first = run.steps.front();
    const Progress& last = run.steps.back();
    QCOMPARE(first.width, kPreview);
    QCOMPARE(last.width, kPrint);
    QCOMPARE(first.scaleCount, last.scaleCount);
    QCOMPARE(first.plan.back().longSide, kPrint);
    for (std::size_t i = 1; i < run.steps.size(); ++i) {
        QCOMPARE(run.steps[i].iteration, run.steps[i - 1].iteration + 1);
        QVERIFY(run.steps[i].scale >= run.steps[i - 1].scale);
        QCOMPARE(run.steps[i].totalIterations, first.totalIterations);
    }
    QCOMPARE(last.scale, last.scaleCount - 1);
}

void TestPrint::aGivenPreviewIsEnlargedNotPaintedAgainAndAgainTheSame()
{
    StyleEngine engine = randomVgg();
    const cv::Mat preview = testsupport::recordRun(engine, noiseJob(kPreview)).result.image;
    StyleJob job = noiseJob(kPrint);
    job.params.previewSize = 512; // the picture given is the preview, whatever this says
    job.params.init = InitKind::Image;
    job.params.initImage = preview;
    const testsupport::RecordedRun run = testsupport::recordRun(engine, job);
    QVERIFY(run.steps.front().width > kPreview);
    QCOMPARE(run.steps.back().width, kPrint);
    QVERIFY(structuralSimilarity(run.result.image, preview) > 0.6);
    // A project reopened paints the same print: the same start, the same recipe.
    QCOMPARE(testsupport::meanAbsDifference(testsupport::recordRun(engine, job).result.image, run.result.image), 0.0);
}

void TestPrint::theInstantPrintKeepsItsStrokes()
{
    const InstantStyle network(DeviceKind::Cpu, 1);
    const StyleVector style = network.styleOf(testsupport::makeStyleImage(96, 96));
    const cv::Mat photo = testsupport::makeContentImage(kPrint, kPrint * 3 / 4);
    const cv::Mat preview = network.paint(resizeToLongSide(photo, kPreview), style);
    const cv::Mat print = paintKeepingStrokes(network, photo, style, kPreview);
    const cv::Mat whole = network.paint(photo, style);
    QCOMPARE(print.size(), photo.size());
    const double kept = structuralSimilarity(print, preview);
    const double painted = structuralSimilarity(whole, preview);
    QVERIFY2(kept > 0.8 && kept > painted + 0.1,
             qPrintable(QString("SSIM to the preview: enlarged %1, painted whole %2").arg(kept).arg(painted)));
    // Sharper than the preview merely enlarged: the photo's edges came back.
    cv::Mat enlarged;
    cv::resize(preview, enlarged, photo.size(), 0, 0, cv::INTER_CUBIC);
    auto edges = [](const cv::Mat& rgb) {
        cv::Mat grey;
        cv::Mat laplacian;
        cv::cvtColor(rgb, grey, cv::COLOR_RGB2GRAY);
        cv::Laplacian(grey, laplacian, CV_32F);
        return cv::norm(laplacian);
    };
    QVERIFY(edges(print) > edges(enlarged));
}

void TestPrint::anchoringKeepsThePreviewAndTheFinerDetail()
{
    const cv::Mat preview = testsupport::makeContentImage(kPreview, kPreview * 3 / 4);
    cv::Mat print(kPrint * 3 / 4, kPrint, CV_32FC3);
    cv::randu(print, 0.0, 1.0);
    const cv::Mat anchored = anchorToPreview(print, preview);
    QCOMPARE(anchored.size(), print.size());
    const double before = testsupport::meanAbsDifference(resizeToLongSide(print, kPreview), preview);
    const double after = testsupport::meanAbsDifference(resizeToLongSide(anchored, kPreview), preview);
    QVERIFY2(after < before / 100,
             qPrintable(QString("shrunk, off the preview by %1 before and %2 after").arg(before).arg(after)));
    // The noise finer than the preview's pixels is the print's own.
    auto fine = [](const cv::Mat& rgb) {
        cv::Mat blurred;
        cv::GaussianBlur(rgb, blurred, cv::Size(7, 7), 2.0);
        return cv::Mat(rgb - blurred);
    };
    QVERIFY(cv::norm(fine(anchored) - fine(print)) < 0.5 * cv::norm(fine(print)));
}

void TestPrint::aPrintStoppedBeforeItsSizeResumesAsAPrint()
{
    StyleEngine engine = randomVgg();
    const cv::Mat preview = testsupport::recordRun(engine, noiseJob(kPreview)).result.image;
    // What an autosave holds when the print was stopped after its preview.
    Project saved;
    saved.params = noiseJob(kPrint).params;
    saved.content.path = "photo.png";
    saved.styles.push_back({"painting.png", "painting", ""});
    saved.totalIterations = 1000;
    saved.doneIterations = 12;
    const std::string file = testsupport::scratchDir().toStdString() + "/stopped.brushwork";
    saveProjectWithPicture(file, saved, preview);
    StyleJob resumed = noiseJob(kPrint);
    resumeFrom(loadProject(file), file, resumed.params);
    const testsupport::RecordedRun run = testsupport::recordRun(engine, resumed);
    QCOMPARE(run.result.image.cols, kPrint);
    const double off = testsupport::meanAbsDifference(resizeToLongSide(run.result.image, kPreview), preview);
    QVERIFY2(off < 1.0 / 255, qPrintable(QString("resumed print, shrunk, off its preview by %1").arg(off * 255)));
}

QTEST_GUILESS_MAIN(TestPrint)
#include "tst_print.moc"
