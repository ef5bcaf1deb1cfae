// SPDX-License-Identifier: GPL-3.0-or-later
// What the studio window writes and reads back: exports, a print-size TIFF,
// the minting folder, projects, and the autosave of a killed studio.
#include "background/autosaver.h"
#include "studiowindow.h"
#include "support/matimage.h"
#include "widgets/logslider.h"
#include "widgets/losschart.h"
#include "widgets/printsizepicker.h"
#include "window/projectcontroller.h"

#include "brushwork/error.h"
#include "brushwork/project.h"
#include "brushwork/sha256.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QSignalSpy>
#include <opencv2/imgcodecs.hpp>

#include <csignal>
#include <tiffio.h>

using namespace brushwork::studio;
using studioparts::notice;
using studioparts::succeeds;

namespace {

cv::Mat matimageOf(const QImage& image)
{
    return matimage::toMat(image);
}

} // namespace

class TestStudioFiles : public QObject, public StudioWindow {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { prepareFiles(); }
    void init() { openWindow(); }
    void cleanup() { mWindow.reset(); }
    void exportWritesThePicture();
    void a3PrintExportsA300DpiTiffAndAMintingFolder();
    void projectSavesAndOpensWhereItLeftOff();
    void damagedProjectChangesNothing();
    void killedStudioOffersItsAutosaveBack();
};

void TestStudioFiles::exportWritesThePicture()
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

void TestStudioFiles::a3PrintExportsA300DpiTiffAndAMintingFolder()
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

void TestStudioFiles::projectSavesAndOpensWhereItLeftOff()
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
    QCOMPARE(part<StudioSession>(reopened)->paintings().size(), std::size_t(1));
    // The picture comes back as it was (16-bit PNG beside the project).
    QVERIFY(testsupport::meanAbsDifference(matimageOf(part<PreviewView>(reopened)->picture()), matimageOf(painted)) <
            1.0 / 255);
}

void TestStudioFiles::damagedProjectChangesNothing()
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
    QCOMPARE(session()->paintings().size(), std::size_t(1));
    QCOMPARE(preview()->picture(), before);
}

void TestStudioFiles::killedStudioOffersItsAutosaveBack()
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
    QCOMPARE(part<StudioSession>(next)->paintings().size(), std::size_t(1));
    QCOMPARE(part<LossChart>(next)->pointCount(), 0); // nothing ran in this window yet
    // A normal close leaves nothing to offer next time.
    next.close();
    QVERIFY(!QFile::exists(ours + "/session.brushwork"));
}

QTEST_MAIN(TestStudioFiles)
#include "tst_studiofiles.moc"
