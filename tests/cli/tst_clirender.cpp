// SPDX-License-Identifier: GPL-3.0-or-later
// brushwork-cli render as scripts use it: the picture, progress, snapshots,
// the stop rule, prints, tiles, the memory budget, NFT folders, Ctrl-C and
// resuming a killed run.
#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/project.h"
#include "clifixture.h"
#include "testsupport.h"

#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <csignal>

namespace {

/// VGG19's layers up to relu3_1 only, for the long renders: the deep layers
/// hold nearly all the weights, so an evaluation costs a fraction as much,
/// and what these tests check (the plateau, snapshots) does not depend on
/// how deep the network looks.
const QStringList kShallowLayers{"--content-layers", "relu2_2", "--style-layers", "relu1_1,relu2_1,relu3_1"};

} // namespace

class TestCliRender : public QObject, private CliFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void freshInstallPaintsWithTheBuiltinSqueezeNet();
    void rendersAPicture();
    void jsonProgressHasTheDocumentedFields();
    void saveEveryWritesSnapshots();
    void renderSaysWhenThePictureStoppedChanging();
    void renderStartsFromTheInstantPicture();
    void interruptWritesBestSoFar();
    void printSizeSetsPixelsAndDpi();
    void tiledRenderReportsTiles();
    void memoryBudgetTooSmallIsRefusedUpFront();
    void nftFolderAndRecipeReproduceThePicture();
    void killedRunResumesFromItsAutosave();
};

void TestCliRender::initTestCase()
{
    writeInputs();
}

void TestCliRender::freshInstallPaintsWithTheBuiltinSqueezeNet()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("BRUSHWORK_MODEL_DIR", mDir + "/empty-model-dir");
    const QString out = mDir + "/builtin.png";
    const Outcome o = cli({"render", mContent, mStyle, "-o", out, "--size", "48", "--iterations", "6"}, env);
    QCOMPARE(o.exitCode, 0);
    QCOMPARE(o.err.count("built-in SqueezeNet"), 1);
    const cv::Mat painted = brushwork::loadImage(out.toStdString());
    const cv::Mat photo = brushwork::loadImage(mContent.toStdString());
    cv::Mat resized;
    cv::resize(photo, resized, painted.size(), 0, 0, cv::INTER_AREA);
    QVERIFY(testsupport::meanAbsDifference(painted, resized) > 0.005);
}

void TestCliRender::rendersAPicture()
{
    const QString out = mDir + "/painted.png";
    const Outcome o = cli({"render", mContent, mStyle, "-o", out, "--weights", mWeights, "--size", "48",
                           "--iterations", "6", "--seed", "3", "--threads", "2"});
    QCOMPARE(o.exitCode, 0);
    const cv::Mat painted = brushwork::loadImage(out.toStdString());
    QCOMPARE(painted.cols, 48);
    QCOMPARE(painted.rows, 36);
    QVERIFY(o.err.contains("Wrote"));
}

void TestCliRender::jsonProgressHasTheDocumentedFields()
{
    const Outcome o = cli({"render", mContent, mStyle, "-o", mDir + "/json.png", "--weights", mWeights, "--size",
                           "32", "--iterations", "4", "--progress", "json"});
    QCOMPARE(o.exitCode, 0);
    const QStringList lines = o.out.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    for (int i = 0; i < lines.size(); ++i) {
        const QJsonObject line = QJsonDocument::fromJson(lines[i].toUtf8()).object();
        for (const char* key : {"iteration", "scale", "size", "loss", "content", "style", "tv", "elapsed_s"})
            QVERIFY2(line.contains(key), key);
        QCOMPARE(line["iteration"].toInt(), i + 1);
    }
}

void TestCliRender::saveEveryWritesSnapshots()
{
    const Outcome o = cli({"render", mContent, mStyle, "-o", mDir + "/snap.png", "--weights", mWeights, "--size",
                           "32", "--iterations", "4", "--save-every", "2"});
    QCOMPARE(o.exitCode, 0);
    QVERIFY(QFile::exists(mDir + "/snap_2.png"));
    QVERIFY(QFile::exists(mDir + "/snap.png"));

    // 30 iterations over scales of 48, 68 and 96 px (3 + 3 + 24): every
    // multiple of 4 is written, though none is a multiple within its scale.
    // (From the instant picture a run has the final scale only.)
    const Outcome scaled = cli(QStringList{"render", mContent, mStyle, "-o", mDir + "/scaled.png", "--weights",
                                           mWeights, "--size", "96", "--first-scale", "48", "--iterations", "30",
                                           "--no-early-stop", "--init", "content", "--save-every", "4",
                                           "--progress", "none"} +
                               kShallowLayers);
    QCOMPARE(scaled.exitCode, 0);
    QStringList written = QDir(mDir).entryList({"scaled_*.png"}, QDir::Files);
    std::sort(written.begin(), written.end(), [](const QString& a, const QString& b) {
        return a.mid(7).section('.', 0, 0).toInt() < b.mid(7).section('.', 0, 0).toInt();
    });
    QCOMPARE(written, (QStringList{"scaled_4.png", "scaled_8.png", "scaled_12.png", "scaled_16.png",
                                   "scaled_20.png", "scaled_24.png", "scaled_28.png"}));
    QCOMPARE(brushwork::loadImage((mDir + "/scaled_4.png").toStdString()).cols, 68);
}

void TestCliRender::renderSaysWhenThePictureStoppedChanging()
{
    const Outcome o = cli(QStringList{"render", mContent, mStyle, "-o", mDir + "/plateau.png", "--weights", mWeights,
                                      "--size", "32", "--iterations", "2000", "--progress", "none"} +
                          kShallowLayers);
    QCOMPARE(o.exitCode, 0);
    const QRegularExpressionMatch done =
        QRegularExpression("done: the picture stopped changing at iteration (\\d+)").match(o.err);
    QVERIFY2(done.hasMatch(), qPrintable(o.err));
    QVERIFY(done.captured(1).toInt() < 2000);
    QVERIFY(QFile::exists(mDir + "/plateau.png"));
}

void TestCliRender::renderStartsFromTheInstantPicture()
{
    auto render = [&](const QString& init, const QProcessEnvironment& env) {
        return cli({"render", mContent, mStyle, "-o", mDir + "/start-" + init + ".png", "--weights", mWeights,
                    "--size", "48", "--iterations", "1", "--seed", "5", "--init", init, "--progress", "json"},
                   env);
    };
    auto firstLoss = [](const Outcome& o) {
        return QJsonDocument::fromJson(o.out.split('\n').front().toUtf8()).object()["loss"].toDouble();
    };
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const Outcome photo = render("content", env);
    const Outcome instant = render("instant", env);
    QCOMPARE(photo.exitCode, 0);
    QCOMPARE(instant.exitCode, 0);
    QVERIFY2(firstLoss(instant) != firstLoss(photo), qPrintable(instant.err));
    QVERIFY(!instant.err.contains("Started from the photo"));

    env.insert("BRUSHWORK_BUILTIN_MODEL_DIR", mDir + "/no-builtin-models");
    const Outcome fallback = render("instant", env);
    QCOMPARE(fallback.exitCode, 0);
    QCOMPARE(firstLoss(fallback), firstLoss(photo));
    QVERIFY2(fallback.err.contains("Started from the photo") && fallback.err.contains(".tflite"),
             qPrintable(fallback.err));
}

void TestCliRender::interruptWritesBestSoFar()
{
    const QString out = mDir + "/interrupted.png";
    QProcess process;
    process.start(BRUSHWORK_CLI_PATH, {"render", mContent, mStyle, "-o", out, "--weights", mWeights, "--size", "48",
                                       "--iterations", "100000", "--no-early-stop", "--progress", "json"});
    QVERIFY(process.waitForStarted());
    // The first progress line proves the run is under way.
    while (!process.canReadLine() && process.waitForReadyRead(60000)) {
    }
    QVERIFY(process.canReadLine());
    ::kill(pid_t(process.processId()), SIGINT);
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 4);
    QVERIFY(QString::fromUtf8(process.readAllStandardError()).contains("Interrupted"));
    QCOMPARE(brushwork::loadImage(out.toStdString()).cols, 48);
}

void TestCliRender::printSizeSetsPixelsAndDpi()
{
    // 2x1.5 in at 40 DPI: 80x60 px, 40 DPI in the file.
    const QString out = mDir + "/print.png";
    const Outcome o = cli({"render", mContent, mStyle, "-o", out, "--weights", mWeights, "--print", "2x1.5in@40",
                           "--iterations", "4", "--seed", "1"});
    QCOMPARE(o.exitCode, 0);
    QVERIFY2(o.err.contains("80x60 px (40 DPI)"), qPrintable(o.err));
    const QImage written(out);
    QCOMPARE(written.size(), QSize(80, 60));
    QVERIFY(std::abs(written.dotsPerMeterX() * 0.0254 - 40) < 0.1);
    // The photo is 64 px wide, so 80 px is an enlargement of 1.25: no warning.
    QVERIFY(!o.err.contains("Warning"));
    const Outcome big = cli({"render", mContent, mStyle, "-o", mDir + "/soft.png", "--weights", mWeights, "--print",
                             "200px", "--iterations", "1"});
    QCOMPARE(big.exitCode, 0);
    QVERIFY2(big.err.contains("enlarged 3.1 times"), qPrintable(big.err));
    const Outcome wrong = cli({"render", mContent, mStyle, "-o", out, "--weights", mWeights, "--print", "A9"});
    QCOMPARE(wrong.exitCode, 2);
    QVERIFY(wrong.err.contains("A9"));
}

void TestCliRender::tiledRenderReportsTiles()
{
    const Outcome o = cli({"render", mContent, mStyle, "-o", mDir + "/tiled.png", "--weights", mWeights, "--size", "96",
                           "--tile", "48", "--iterations", "4", "--progress", "json"});
    QCOMPARE(o.exitCode, 0);
    int tiles = 0;
    for (const QString& line : o.out.split('\n', Qt::SkipEmptyParts))
        tiles = std::max(tiles, QJsonDocument::fromJson(line.toUtf8()).object()["tiles"].toInt());
    QVERIFY2(tiles >= 4, qPrintable(o.out));
}

void TestCliRender::memoryBudgetTooSmallIsRefusedUpFront()
{
    const Outcome o = cli({"render", mContent, mStyle, "-o", mDir + "/never.png", "--weights", mWeights, "--size",
                           "8000", "--memory-budget", "100M", "--progress", "json"});
    QCOMPARE(o.exitCode, 3);
    QVERIFY2(o.err.contains("100 MB") && o.err.contains("--memory-budget"), qPrintable(o.err));
    QVERIFY(o.out.isEmpty()); // not a single iteration ran
    QVERIFY(!QFile::exists(mDir + "/never.png"));
}

void TestCliRender::nftFolderAndRecipeReproduceThePicture()
{
    const QString folder = mDir + "/mint";
    const Outcome o = cli({"render", mContent, mStyle, "--nft", folder, "--weights", mWeights, "--size", "48",
                           "--iterations", "6", "--seed", "11"});
    QCOMPARE(o.exitCode, 0);
    for (const char* name : {"image.png", "metadata.json", "recipe.brushwork", "SHA256SUMS"})
        QVERIFY2(QFile::exists(folder + "/" + name), name);
    QFile metadataFile(folder + "/metadata.json");
    QVERIFY(metadataFile.open(QIODevice::ReadOnly));
    const QJsonObject metadata = QJsonDocument::fromJson(metadataFile.readAll()).object();
    QCOMPARE(metadata["image"].toString(), QString("image.png"));
    QVERIFY(metadata["attributes"].toArray().size() >= 8);

    QProcess sums;
    sums.setWorkingDirectory(folder);
    sums.start("sha256sum", {"-c", "SHA256SUMS"});
    QVERIFY(sums.waitForFinished());
    QCOMPARE(sums.exitCode(), 0);

    // The recipe paints the same picture again.
    const QString again = mDir + "/again.png";
    const Outcome repeat = cli({"render", "--project", folder + "/recipe.brushwork", "--weights", mWeights, "-o", again});
    QCOMPARE(repeat.exitCode, 0);
    QCOMPARE(testsupport::meanAbsDifference(brushwork::loadImage(again.toStdString()),
                                            brushwork::loadImage((folder + "/image.png").toStdString())),
             0.0);
}

void TestCliRender::killedRunResumesFromItsAutosave()
{
    const QString autosave = mDir + "/killed.brushwork";
    QProcess run;
    run.start(BRUSHWORK_CLI_PATH, {"render", mContent, mStyle, "-o", mDir + "/killed.png", "--weights", mWeights,
                                   "--size", "64", "--iterations", "100000", "--no-early-stop", "--autosave", autosave,
                                   "--autosave-every", "1", "--progress", "none", "--seed", "2"});
    QVERIFY(run.waitForStarted());
    // The run saves at the end of each scale and every second; wait until
    // the saves show 20 iterations of work at the final scale (however slow
    // the build), then kill it the hard way.
    brushwork::Project saved;
    int finalScaleStart = -1;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            try {
                saved = brushwork::loadProject(autosave.toStdString());
                if (saved.doneIterations == 0 || saved.result.empty() ||
                    brushwork::loadProjectPicture(autosave.toStdString(), saved).cols != 64)
                    return false;
                if (finalScaleStart < 0)
                    finalScaleStart = saved.doneIterations;
                return saved.doneIterations >= finalScaleStart + 20;
            } catch (const brushwork::Error&) {
                return false;
            }
        }(),
        120000);
    ::kill(pid_t(run.processId()), SIGKILL);
    QVERIFY(run.waitForFinished());
    QCOMPARE(run.exitStatus(), QProcess::CrashExit);

    // What the kill left opens: the project and the picture it names.
    saved = brushwork::loadProject(autosave.toStdString());
    const cv::Mat picture = brushwork::loadProjectPicture(autosave.toStdString(), saved);
    QCOMPARE(picture.cols, 64);
    QVERIFY(testsupport::meanAbsDifference(picture, brushwork::loadImage(mContent.toStdString())) > 0.01);
    QCOMPARE(saved.totalIterations, 100000);
    QVERIFY(!QFile::exists(mDir + "/killed.png"));

    // Going on from it starts where it stopped: far below a fresh start's loss.
    auto firstLoss = [&](const QStringList& args) {
        const Outcome o = cli(args);
        const QJsonObject first =
            QJsonDocument::fromJson(o.out.split('\n', Qt::SkipEmptyParts).value(0).toUtf8()).object();
        return std::make_pair(o.exitCode, first["loss"].toDouble());
    };
    const auto resumed = firstLoss({"render", "--project", autosave, "--resume", "--weights", mWeights, "-o",
                                    mDir + "/resumed.png", "--progress", "json", "--iterations", "3"});
    const auto fresh = firstLoss({"render", mContent, mStyle, "--weights", mWeights, "-o", mDir + "/fresh.png",
                                  "--size", "64", "--iterations", "3", "--init", "content", "--progress", "json"});
    QCOMPARE(resumed.first, 0);
    QVERIFY2(resumed.second < 0.5 * fresh.second,
             qPrintable(QString("resumed %1, fresh %2").arg(resumed.second).arg(fresh.second)));
}

QTEST_GUILESS_MAIN(TestCliRender)
#include "tst_clirender.moc"
