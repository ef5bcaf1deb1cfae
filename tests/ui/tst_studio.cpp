// SPDX-License-Identifier: GPL-3.0-or-later
// The studio window as a user drives it, offscreen, with tiny pictures and
// seeded random weights installed in a temporary model folder.
#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/modelfiles.h"
#include "brushwork/project.h"
#include "brushwork/sha256.h"
#include "widgets/losschart.h"
#include "support/matimage.h"
#include "background/autosaver.h"
#include "window/mainwindow.h"
#include "widgets/parameterpanel.h"
#include "widgets/printsizepicker.h"
#include "widgets/logslider.h"
#include "widgets/previewview.h"
#include "widgets/stylelist.h"
#include "background/stylerunner.h"
#include "studioparts.h"
#include "testsupport.h"
#include "window/exportcontroller.h"
#include "window/picturecontroller.h"
#include "window/projectcontroller.h"
#include "window/runcontroller.h"

#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QProcess>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>
#include <opencv2/imgcodecs.hpp>

#include <chrono>
#include <csignal>
#include <tiffio.h>

using namespace brushwork::studio;
using studioparts::notice;
using studioparts::part;
using studioparts::succeeds;

namespace {

cv::Mat matimageOf(const QImage& image)
{
    return matimage::toMat(image);
}

} // namespace

class TestStudio : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void dropLoadsPhotoAndPaintings();
    void brokenFileIsRefusedAndNothingIsLost();
    void withoutWeightsStartIsOffWithAWayOut();
    void slidersReachTheRunningEngine();
    void startPaintsFramesAndStopEndsQuickly();
    void pauseHoldsTheIterationCount();
    void closingMidRunExitsCleanly();
    void guiStaysResponsiveWhilePainting();
    void exportWritesThePicture();
    void resetMidRunReturnsToThePhoto();
    void a3PrintExportsA300DpiTiffAndAMintingFolder();
    void projectSavesAndOpensWhereItLeftOff();
    void damagedProjectChangesNothing();
    void killedStudioOffersItsAutosaveBack();

private:
    void drop(QWidget* target, const QStringList& paths);
    void loadPair();
    RunController* run() { return part<RunController>(*mWindow); }
    StyleRunner* runner() { return part<StyleRunner>(*mWindow); }
    PreviewView* preview() { return part<PreviewView>(*mWindow); }
    StyleList* styleList() { return part<StyleList>(*mWindow); }
    ParameterPanel* parameters() { return part<ParameterPanel>(*mWindow); }
    bool exportTo(const QString& path, bool sixteenBit = false)
    {
        auto* exports = part<ExportController>(*mWindow);
        return succeeds(exports, &ExportController::exported, [&] { exports->exportTo(path, sixteenBit); });
    }
    std::unique_ptr<MainWindow> mWindow;
    QString mContent;
    QString mStyle;
    QString mBroken;
    QByteArray mModelDir;
};

void TestStudio::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    const QString dir = testsupport::scratchDir();
    mModelDir = (dir + "/models").toUtf8();
    qputenv("BRUSHWORK_MODEL_DIR", mModelDir);
    QDir().mkpath(dir + "/models");
    QFile::copy(testsupport::randomWeightsPath(), dir + "/models/vgg19.safetensors");
    mContent = dir + "/photo.png";
    mStyle = dir + "/painting.png";
    mBroken = dir + "/broken.jpg";
    brushwork::saveImage(mContent.toStdString(), testsupport::makeContentImage(64, 48));
    brushwork::saveImage(mStyle.toStdString(), testsupport::makeStyleImage(64, 64));
    QFile broken(mBroken);
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("\xff\xd8\xff this is not really a JPEG");
}

void TestStudio::init()
{
    // Each test starts from the default settings, not from those an earlier
    // window (of this run or the last) saved when it closed.
    QSettings().remove("parameters");
    mWindow = std::make_unique<MainWindow>();
    parameters()->outputSize()->setValue(64);
    parameters()->quality()->setCurrentIndex(2); // many iterations: the run outlasts the test
    parameters()->stopAtPlateau()->setChecked(false);
    mWindow->show();
    QVERIFY(QTest::qWaitForWindowExposed(mWindow.get()));
}

void TestStudio::cleanup()
{
    mWindow.reset();
}

void TestStudio::drop(QWidget* target, const QStringList& paths)
{
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString& path : paths)
        urls << QUrl::fromLocalFile(path);
    mime.setUrls(urls);
    const QPoint at = target->rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent dropEvent(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &dropEvent);
    QVERIFY(dropEvent.isAccepted());
}

void TestStudio::loadPair()
{
    drop(mWindow.get(), {mContent, mStyle});
    QTRY_COMPARE(part<PictureController>(*mWindow)->pending(), 0);
}

void TestStudio::dropLoadsPhotoAndPaintings()
{
    loadPair();
    QCOMPARE(styleList()->styles().size(), std::size_t(1));
    QCOMPARE(preview()->picture().size(), QSize(64, 48));
    drop(styleList(), {mStyle, mStyle});
    QTRY_COMPARE(styleList()->styles().size(), std::size_t(3));
}

void TestStudio::brokenFileIsRefusedAndNothingIsLost()
{
    loadPair();
    drop(mWindow.get(), {mBroken});
    QTRY_VERIFY2(notice(*mWindow).contains("broken.jpg"), qPrintable(notice(*mWindow)));
    QCOMPARE(preview()->picture().size(), QSize(64, 48));
    QCOMPARE(styleList()->styles().size(), std::size_t(1));
}

void TestStudio::withoutWeightsStartIsOffWithAWayOut()
{
    qputenv("BRUSHWORK_MODEL_DIR", (testsupport::scratchDir() + "/no-models").toUtf8());
    qputenv("BRUSHWORK_BUILTIN_MODEL_DIR", (testsupport::scratchDir() + "/no-builtin-models").toUtf8());
    MainWindow bare;
    bare.openFiles({mContent, mStyle});
    QTRY_COMPARE(part<PictureController>(bare)->pending(), 0);
    QCOMPARE(part<StyleList>(bare)->styles().size(), std::size_t(1));
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

void TestStudio::exportWritesThePicture()
{
    loadPair();
    QSignalSpy finished(runner(), &StyleRunner::finished);
    parameters()->quality()->setCurrentIndex(0);
    run()->start(false);
    QVERIFY(finished.wait(60000));
    const QString out = testsupport::scratchDir() + "/exported.png";
    QVERIFY(exportTo(out));
    const cv::Mat written = brushwork::loadImage(out.toStdString());
    QCOMPARE(written.cols, 64);
    QVERIFY(testsupport::meanAbsDifference(written, brushwork::loadImage(mContent.toStdString())) > 0.01);

    // The finished picture keeps 16 bits of precision for a 16-bit export.
    const QString deep = testsupport::scratchDir() + "/exported-16.tif";
    QVERIFY(exportTo(deep, true));
    const cv::Mat words = cv::imread(deep.toStdString(), cv::IMREAD_UNCHANGED);
    QCOMPARE(words.depth(), CV_16U);
    cv::Mat remainders;
    cv::Mat(words.reshape(1)).convertTo(remainders, CV_32S);
    int finer = 0;
    for (auto it = remainders.begin<int>(); it != remainders.end<int>(); ++it)
        finer += (*it % 257) != 0; // 8-bit values scaled up are multiples of 257
    QVERIFY2(finer > int(remainders.total()) / 2, qPrintable(QString::number(finer)));
    QVERIFY(testsupport::meanAbsDifference(brushwork::loadImage(deep.toStdString()), written) < 1.0 / 255);
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

void TestStudio::a3PrintExportsA300DpiTiffAndAMintingFolder()
{
    loadPair();
    PrintSizePicker* print = parameters()->printPicker();
    print->presets()->setCurrentIndex(print->presets()->findData("A3"));
    print->dpi()->setValue(300);
    // A 64x48 photo fills A3's short side first: 3508 px at 300 DPI.
    QCOMPARE(parameters()->outputSize()->value(), 4677);
    QVERIFY2(print->info()->text().contains("4677 × 3508 px · 300 DPI"), qPrintable(print->info()->text()));
    QVERIFY2(print->info()->text().contains("enlarged"), qPrintable(print->info()->text()));

    // Painting all of A3 takes hours on two cores; the user stops after the
    // first preview and gets the picture at the print's size.
    QSignalSpy frames(runner(), &StyleRunner::frameReady);
    QSignalSpy finished(runner(), &StyleRunner::finished);
    run()->start(false);
    QVERIFY(frames.wait(60000));
    run()->stop();
    QVERIFY(finished.wait(60000));

    const QString tiff = testsupport::scratchDir() + "/a3.tif";
    QVERIFY(exportTo(tiff, true));
    TIFF* file = TIFFOpen(tiff.toLocal8Bit().constData(), "r");
    QVERIFY(file);
    std::uint32_t width = 0, height = 0;
    float xResolution = 0;
    std::uint16_t unit = 0;
    TIFFGetField(file, TIFFTAG_IMAGEWIDTH, &width);
    TIFFGetField(file, TIFFTAG_IMAGELENGTH, &height);
    TIFFGetField(file, TIFFTAG_XRESOLUTION, &xResolution);
    TIFFGetField(file, TIFFTAG_RESOLUTIONUNIT, &unit);
    TIFFClose(file);
    QCOMPARE(width, 4677u);
    QCOMPARE(height, 3508u);
    QCOMPARE(unit, std::uint16_t(RESUNIT_INCH));
    QVERIFY2(std::abs(xResolution - 300.0f) < 0.5f, qPrintable(QString::number(xResolution)));

    const QString folder = testsupport::scratchDir() + "/mint";
    auto* exports = part<ExportController>(*mWindow);
    QVERIFY(succeeds(exports, &ExportController::minted, [&] { exports->mint(folder, "Photo after painting"); }));
    QFile metadataFile(folder + "/metadata.json");
    QVERIFY(metadataFile.open(QIODevice::ReadOnly));
    const QJsonObject metadata = QJsonDocument::fromJson(metadataFile.readAll()).object();
    QCOMPARE(metadata["name"].toString(), QString("Photo after painting"));
    QCOMPARE(metadata["image"].toString(), QString("image.png"));
    QStringList traits;
    for (const QJsonValue& attribute : metadata["attributes"].toArray())
        traits << attribute.toObject()["trait_type"].toString();
    for (const char* trait : {"Style", "Seed", "Iterations", "Size", "Engine", "Network weights SHA-256"})
        QVERIFY2(traits.contains(trait), trait);
    const QString sha = [&] {
        for (const QJsonValue& attribute : metadata["attributes"].toArray())
            if (attribute.toObject()["trait_type"] == "Network weights SHA-256")
                return attribute.toObject()["value"].toString();
        return QString();
    }();
    QCOMPARE(sha.toStdString(), brushwork::sha256File(testsupport::randomWeightsPath().toStdString()));
    QVERIFY(QFile::exists(folder + "/SHA256SUMS") && QFile::exists(folder + "/recipe.brushwork"));
}

void TestStudio::projectSavesAndOpensWhereItLeftOff()
{
    loadPair();
    parameters()->styleWeight()->setValue(33);
    QSignalSpy finished(runner(), &StyleRunner::finished);
    parameters()->quality()->setCurrentIndex(0);
    run()->start(false);
    QVERIFY(finished.wait(60000));
    const QImage painted = preview()->picture();
    const QString path = testsupport::scratchDir() + "/saved/work.brushwork";
    QDir().mkpath(QFileInfo(path).path());
    auto* projects = part<ProjectController>(*mWindow);
    QVERIFY(succeeds(projects, &ProjectController::saved, [&] { projects->save(path, true); }));
    QVERIFY(QFile::exists(testsupport::scratchDir() + "/saved/work.result.png"));
    QVERIFY(QFile::exists(testsupport::scratchDir() + "/saved/work-pictures/photo.png"));

    MainWindow reopened;
    auto* opening = part<ProjectController>(reopened);
    QVERIFY(succeeds(opening, &ProjectController::opened, [&] { opening->open(path); }));
    QCOMPARE(part<ParameterPanel>(reopened)->styleWeight()->value(), 33.0);
    QCOMPARE(part<ParameterPanel>(reopened)->outputSize()->value(), 64);
    QCOMPARE(part<StyleList>(reopened)->styles().size(), std::size_t(1));
    // The picture comes back as it was (16-bit PNG beside the project).
    QVERIFY(testsupport::meanAbsDifference(matimageOf(part<PreviewView>(reopened)->picture()), matimageOf(painted)) <
            1.0 / 255);
}

void TestStudio::damagedProjectChangesNothing()
{
    loadPair();
    const QString broken = testsupport::scratchDir() + "/broken.brushwork";
    QFile file(broken);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"format\": \"brushwork-project\", \"version\": 1, \"content\": {\"path\": 3}}");
    file.close();
    const QImage before = preview()->picture();
    auto* projects = part<ProjectController>(*mWindow);
    QVERIFY(!succeeds(projects, &ProjectController::opened, [&] { projects->open(broken); }));
    QVERIFY2(notice(*mWindow).contains("broken.brushwork"), qPrintable(notice(*mWindow)));
    QCOMPARE(styleList()->styles().size(), std::size_t(1));
    QCOMPARE(preview()->picture(), before);
}

void TestStudio::killedStudioOffersItsAutosaveBack()
{
    // The real studio, in its own process, paints and is killed with SIGKILL.
    const QString home = testsupport::scratchDir() + "/killed-home";
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    env.insert("XDG_DATA_HOME", home + "/data");
    env.insert("XDG_CONFIG_HOME", home + "/config");
    // From the photo: its coarse scales end, and are saved, within seconds
    // (from the instant picture the first save comes after the interval).
    QVERIFY(QDir().mkpath(home + "/config/Brushwork"));
    QFile settings(home + "/config/Brushwork/Brushwork.conf");
    QVERIFY(settings.open(QIODevice::WriteOnly));
    settings.write("[parameters]\nstartFrom=1\n");
    settings.close();
    QProcess studio;
    studio.setProcessEnvironment(env);
    studio.start(BRUSHWORK_GUI_PATH, {"--paint", mContent, mStyle});
    QVERIFY(studio.waitForStarted());
    const QString folder = home + "/data/Brushwork/Brushwork/autosave";
    brushwork::Project saved;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            try {
                saved = brushwork::loadProject((folder + "/session.brushwork").toStdString());
                return saved.doneIterations > 0 && !saved.result.empty();
            } catch (const brushwork::Error&) {
                return false;
            }
        }(),
        60000);
    ::kill(pid_t(studio.processId()), SIGKILL);
    QVERIFY(studio.waitForFinished());
    QCOMPARE(studio.exitStatus(), QProcess::CrashExit);

    // The next start (here: a window in this process, given that folder)
    // offers the picture back, and restores it.
    const QString ours = Autosaver::defaultFolder();
    QDir(ours).removeRecursively();
    QDir().mkpath(ours);
    for (const QString& name : QDir(folder).entryList(QDir::Files))
        QVERIFY(QFile::copy(folder + "/" + name, ours + "/" + name));
    mWindow.reset();
    MainWindow next;
    auto* projects = part<ProjectController>(next);
    QVERIFY(projects->hasRecovery());
    QVERIFY2(notice(next).contains("Restore"), qPrintable(notice(next)));
    QVERIFY(succeeds(projects, &ProjectController::opened, [&] { projects->restoreRecovery(); }));
    saved = brushwork::loadProject((ours + "/session.brushwork").toStdString());
    const cv::Mat picture = brushwork::loadProjectPicture((ours + "/session.brushwork").toStdString(), saved);
    QVERIFY(testsupport::meanAbsDifference(matimageOf(part<PreviewView>(next)->picture()), picture) < 1.0 / 255);
    QCOMPARE(part<StyleList>(next)->styles().size(), std::size_t(1));
    QCOMPARE(part<LossChart>(next)->pointCount(), 0); // nothing ran in this window yet
    // A normal close leaves nothing to offer next time.
    next.close();
    QVERIFY(!QFile::exists(ours + "/session.brushwork"));
}

QTEST_MAIN(TestStudio)
#include "tst_studio.moc"
