// SPDX-License-Identifier: GPL-3.0-or-later
// brushwork-cli as scripts use it: exit codes, messages, outputs.
#include "brushwork/builtinmodels.h"
#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/project.h"
#include "brushwork/sha256.h"
#include "clirunner.h"
#include "testhttpserver.h"
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

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void helpAndVersion();
    void usageErrors_data();
    void usageErrors();
    void badInputs_data();
    void badInputs();
    void missingWeightsSaysHowToGetThem();
    void freshInstallPaintsWithTheBuiltinSqueezeNet();
    void rendersAPicture();
    void jsonProgressHasTheDocumentedFields();
    void saveEveryWritesSnapshots();
    void renderSaysWhenThePictureStoppedChanging();
    void renderStartsFromTheInstantPicture();
    void interruptWritesBestSoFar();
    void fastPaintsWithAStyleNetwork();
    void modelsImportAndList();
    void modelsImportRoutesAFastStyle();
    void modelsDownloadListAndVerify();
    void modelsDownloadFailuresExitWithFive();
    void printSizeSetsPixelsAndDpi();
    void tiledRenderReportsTiles();
    void memoryBudgetTooSmallIsRefusedUpFront();
    void nftFolderAndRecipeReproduceThePicture();
    void killedRunResumesFromItsAutosave();
    void instantPaintsWithTheBuiltinNetworks();
    void instantBlendsPaintingsAndPrints();
    void instantRefusesWhatItCannotUse();

private:
    using Outcome = testsupport::CliOutcome;
    static Outcome cli(const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
    {
        return testsupport::runCli(args, env);
    }
    QString mContent;
    QString mStyle;
    QString mWeights;
    QString mDir;
};

namespace {

/// VGG19's layers up to relu3_1 only, for the long renders: the deep layers
/// hold nearly all the weights, so an evaluation costs a fraction as much,
/// and what these tests check (the plateau, snapshots) does not depend on
/// how deep the network looks.
const QStringList kShallowLayers{"--content-layers", "relu2_2", "--style-layers", "relu1_1,relu2_1,relu3_1"};

} // namespace

void TestCli::initTestCase()
{
    mDir = testsupport::scratchDir();
    mContent = mDir + "/content.png";
    mStyle = mDir + "/style.png";
    brushwork::saveImage(mContent.toStdString(), testsupport::makeContentImage(64, 48));
    brushwork::saveImage(mStyle.toStdString(), testsupport::makeStyleImage(64, 64));
    mWeights = testsupport::randomWeightsPath();
}

void TestCli::helpAndVersion()
{
    const Outcome help = cli({"--help"});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("render CONTENT STYLE"));
    QVERIFY(help.out.contains("fast --model FILE CONTENT"));
    const Outcome version = cli({"--version"});
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith("brushwork-cli "));
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("no command") << QStringList{} << "Usage";
    QTest::newRow("unknown command") << QStringList{"paint"} << "unknown command";
    QTest::newRow("no output") << QStringList{"render", "a.png", "b.png"} << "-o OUT";
    QTest::newRow("one image") << QStringList{"render", "a.png", "-o", "x.png"} << "at least one style";
    QTest::newRow("unknown option") << QStringList{"render", "a", "b", "-o", "x.png", "--colour", "x"} << "--colour";
    QTest::newRow("bad number") << QStringList{"render", "a", "b", "-o", "x.png", "--size", "big"} << "--size";
    QTest::newRow("bad choice") << QStringList{"render", "a", "b", "-o", "x.png", "--optimizer", "sgd"} << "lbfgs|adam";
    QTest::newRow("fast without model") << QStringList{"fast", "a.png", "-o", "x.png"} << "--model FILE";
    QTest::newRow("fast without output") << QStringList{"fast", "--model", "m", "a.png"} << "-o OUT";
    QTest::newRow("instant without painting") << QStringList{"instant", "a.png", "-o", "x.png"} << "at least one style";
    QTest::newRow("instant without output") << QStringList{"instant", "a.png", "b.png"} << "-o OUT";
    QTest::newRow("instant strength") << QStringList{"instant", "a", "b", "-o", "x.png", "--strength", "1.5"}
                                      << "--strength";
    QTest::newRow("instant weights") << QStringList{"instant", "a", "b", "-o", "x.png", "--style-weights", "1,2"}
                                     << "one weight per style image";
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Outcome o = cli(args);
    QCOMPARE(o.exitCode, 2);
    QVERIFY2(o.err.contains(message) || o.out.contains(message), qPrintable(o.err));
}

void TestCli::badInputs_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("role");
    QTest::newRow("missing content") << "no-such-photo.png" << "content";
    QTest::newRow("content not an image") << "notes.png" << "content";
    QTest::newRow("broken weights") << "broken.safetensors" << "weights";
}

void TestCli::badInputs()
{
    QFETCH(QString, file);
    QFETCH(QString, role);
    const QString path = mDir + "/" + file;
    if (file == "notes.png") {
        QFile notes(path);
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("shopping list: brushes, linseed oil\n");
    } else if (file == "broken.safetensors") {
        QFile broken(path);
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write(QByteArray("\x40\x00\x00\x00\x00\x00\x00\x00{\"features.0.weight\": ", 30));
    }
    const QString content = role == "content" ? path : mContent;
    const QString weights = role == "weights" ? path : mWeights;
    const Outcome o = cli({"render", content, mStyle, "-o", mDir + "/out.png", "--weights", weights, "--size", "32",
                           "--iterations", "1"});
    QCOMPARE(o.exitCode, 3);
    QVERIFY2(o.err.contains(file), qPrintable(o.err));
}

void TestCli::missingWeightsSaysHowToGetThem()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("BRUSHWORK_MODEL_DIR", mDir + "/empty-model-dir");
    env.insert("BRUSHWORK_BUILTIN_MODEL_DIR", mDir + "/no-builtin-models");
    const Outcome o = cli({"render", mContent, mStyle, "-o", mDir + "/out.png"}, env);
    QCOMPARE(o.exitCode, 3);
    QVERIFY2(o.err.contains("no vgg19 weights"), qPrintable(o.err));
    QVERIFY2(o.err.contains("--weights"), qPrintable(o.err));
}

void TestCli::freshInstallPaintsWithTheBuiltinSqueezeNet()
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

void TestCli::rendersAPicture()
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

void TestCli::jsonProgressHasTheDocumentedFields()
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

void TestCli::saveEveryWritesSnapshots()
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

void TestCli::renderSaysWhenThePictureStoppedChanging()
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

void TestCli::renderStartsFromTheInstantPicture()
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

void TestCli::interruptWritesBestSoFar()
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

void TestCli::fastPaintsWithAStyleNetwork()
{
    const Outcome notAStyle = cli({"fast", "--model", mWeights, mContent, "-o", mDir + "/fast.png"});
    QCOMPARE(notAStyle.exitCode, 3);
    QVERIFY2(notAStyle.err.contains("not a fast style network"), qPrintable(notAStyle.err));

    const QString model = testsupport::sharedDir() + "/models/fast-style/wave.safetensors";
    if (testsupport::sharedDir().isEmpty() || !QFile::exists(model))
        QSKIP("../shared/models is not here");
    const Outcome o =
        cli({"fast", "--model", model, mContent, "-o", mDir + "/fast.png", "--size", "64", "--threads", "1"});
    QCOMPARE(o.exitCode, 0);
    QVERIFY2(o.err.contains("Painted 64x48 in the style of wave (engstrom-2016) in "), qPrintable(o.err));
    QVERIFY2(o.err.contains(" s on 1 thread"), qPrintable(o.err));
    QCOMPARE(QImage(mDir + "/fast.png").size(), QSize(64, 48));
}

void TestCli::modelsImportAndList()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("BRUSHWORK_MODEL_DIR", mDir + "/cli-models");
    QVERIFY(!cli({"models", "list"}, env).err.isEmpty()); // says that nothing is installed
    QCOMPARE(cli({"models", "import", mWeights}, env).exitCode, 0);
    const Outcome list = cli({"models", "list"}, env);
    QCOMPARE(list.exitCode, 0);
    QVERIFY2(list.out.startsWith("vgg19\t80 MB\t"), qPrintable(list.out));
    const Outcome refused = cli({"models", "import", mContent}, env);
    QCOMPARE(refused.exitCode, 3);
    QVERIFY2(refused.err.contains("content.png"), qPrintable(refused.err));
    // The installed network paints without --weights.
    QCOMPARE(cli({"render", mContent, mStyle, "-o", mDir + "/installed.png", "--size", "32", "--iterations", "2"}, env)
                 .exitCode,
             0);
}


void TestCli::modelsImportRoutesAFastStyle()
{
    const QString model = testsupport::sharedDir() + "/models/fast-style-pytorch/mosaic.safetensors";
    if (testsupport::sharedDir().isEmpty() || !QFile::exists(model))
        QSKIP("../shared/models is not here");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString models = mDir + "/style-models";
    env.insert("BRUSHWORK_MODEL_DIR", models);
    const Outcome imported = cli({"models", "import", model}, env);
    QCOMPARE(imported.exitCode, 0);
    QVERIFY2(imported.err.contains(models + "/fast-styles/mosaic.safetensors"), qPrintable(imported.err));
    const Outcome list = cli({"models", "list"}, env);
    QVERIFY2(list.out.startsWith("fast-style/mosaic\t"), qPrintable(list.out));
    const Outcome verify = cli({"models", "verify"}, env);
    QCOMPARE(verify.exitCode, 0);
    QVERIFY2(verify.out.startsWith("fast-style/mosaic\tok\t"), qPrintable(verify.out));
}

void TestCli::modelsDownloadListAndVerify()
{
    const ServedFile served = randomSqueezeNetFile();
    TestHttpServer server(served.bytes);
    const QString& sha256 = served.sha256;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString models = mDir + "/downloaded-models";
    env.insert("BRUSHWORK_MODEL_DIR", models);

    const Outcome download =
        cli({"models", "download", "squeezenet", "--url", server.url().toString(), "--sha256", sha256}, env);
    QCOMPARE(download.exitCode, 0);
    QVERIFY2(download.err.contains("Installed " + models + "/squeezenet1_0.safetensors"), qPrintable(download.err));
    // Not a terminal: a progress line per tenth of the file, the last at 100%.
    QVERIFY2(download.err.contains(QString("squeezenet  %1 / %1 MB").arg(served.bytes.size() / 1e6, 0, 'f', 1)),
             qPrintable(download.err));

    const Outcome list = cli({"models", "list"}, env);
    QCOMPARE(list.exitCode, 0);
    // The installed network first, then the built-in ones.
    const QStringList lines = list.out.trimmed().split('\n');
    const QStringList columns = lines.value(0).split('\t');
    QCOMPARE(columns.value(0), QString("squeezenet"));
    QVERIFY2(lines.value(1).startsWith("squeezenet (built-in)\t"), qPrintable(list.out));
    QCOMPARE(columns.value(1), QString("%1 MB").arg(served.bytes.size() / 1e6, 0, 'f', 1));
    QCOMPARE(columns.value(2), QString::fromStdString(brushwork::sha256File((models + "/squeezenet1_0.safetensors").toStdString())));
    QCOMPARE(columns.value(4), "from " + server.url().toString() + " (SHA-256 " + sha256 + ")");

    const Outcome intact = cli({"models", "verify"}, env);
    QCOMPARE(intact.exitCode, 0);
    QVERIFY2(intact.out.startsWith("squeezenet\tok\t"), qPrintable(intact.out));

    // One flipped byte in the tensor data: the header still reads, the checksum tells.
    QFile installed(models + "/squeezenet1_0.safetensors");
    QVERIFY(installed.open(QIODevice::ReadWrite));
    installed.seek(installed.size() - 100);
    const char byte = installed.peek(1).at(0);
    installed.write(QByteArray(1, char(byte ^ 0x40)));
    installed.close();
    const Outcome damaged = cli({"models", "verify"}, env);
    QCOMPARE(damaged.exitCode, 3);
    QVERIFY2(damaged.out.startsWith("squeezenet\tDAMAGED: its SHA-256 is "), qPrintable(damaged.out));
    QVERIFY2(damaged.err.contains("damaged: squeezenet"), qPrintable(damaged.err));
}

void TestCli::modelsDownloadFailuresExitWithFive()
{
    TestHttpServer server(randomSqueezeNetFile().bytes);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString models = mDir + "/failed-downloads";
    env.insert("BRUSHWORK_MODEL_DIR", models);

    const Outcome mismatch =
        cli({"models", "download", "squeezenet", "--url", server.url().toString(), "--sha256", QString(64, 'f')}, env);
    QCOMPARE(mismatch.exitCode, 5);
    QVERIFY2(mismatch.err.contains(server.url().toString()) && mismatch.err.contains(QString(64, 'f')),
             qPrintable(mismatch.err));

    server.setMode(TestHttpServer::Mode::NotFound);
    const Outcome missing = cli({"models", "download", "squeezenet", "--url", server.url().toString()}, env);
    QCOMPARE(missing.exitCode, 5);
    QVERIFY2(missing.err.contains("HTTP 404"), qPrintable(missing.err));
    QVERIFY(!QFile::exists(models + "/squeezenet1_0.safetensors"));

    const Outcome unknown = cli({"models", "download", "alexnet"}, env);
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.contains("vgg19, squeezenet"), qPrintable(unknown.err));
}

void TestCli::printSizeSetsPixelsAndDpi()
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

void TestCli::tiledRenderReportsTiles()
{
    const Outcome o = cli({"render", mContent, mStyle, "-o", mDir + "/tiled.png", "--weights", mWeights, "--size", "96",
                           "--tile", "48", "--iterations", "4", "--progress", "json"});
    QCOMPARE(o.exitCode, 0);
    int tiles = 0;
    for (const QString& line : o.out.split('\n', Qt::SkipEmptyParts))
        tiles = std::max(tiles, QJsonDocument::fromJson(line.toUtf8()).object()["tiles"].toInt());
    QVERIFY2(tiles >= 4, qPrintable(o.out));
}

void TestCli::memoryBudgetTooSmallIsRefusedUpFront()
{
    const Outcome o = cli({"render", mContent, mStyle, "-o", mDir + "/never.png", "--weights", mWeights, "--size",
                           "8000", "--memory-budget", "100M", "--progress", "json"});
    QCOMPARE(o.exitCode, 3);
    QVERIFY2(o.err.contains("100 MB") && o.err.contains("--memory-budget"), qPrintable(o.err));
    QVERIFY(o.out.isEmpty()); // not a single iteration ran
    QVERIFY(!QFile::exists(mDir + "/never.png"));
}

void TestCli::nftFolderAndRecipeReproduceThePicture()
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

void TestCli::killedRunResumesFromItsAutosave()
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

void TestCli::instantPaintsWithTheBuiltinNetworks()
{
    // Nothing installed: the built-in networks are enough.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("BRUSHWORK_MODEL_DIR", mDir + "/empty-model-dir");
    const QString out = mDir + "/instant.png";
    const Outcome o = cli({"instant", mContent, mStyle, "-o", out, "--size", "61", "--threads", "1"}, env);
    QCOMPARE(o.exitCode, 0);
    QVERIFY2(o.err.contains("Painted 61x46 in the style of 1 painting") && o.err.contains("CPU (1 thread)"),
             qPrintable(o.err));
    const QImage painted(out);
    QCOMPARE(painted.size(), QSize(61, 46));
    const QImage photo = QImage(mContent).scaled(61, 46, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    double change = 0;
    for (int y = 0; y < 46; ++y)
        for (int x = 0; x < 61; ++x)
            change += std::abs(qGray(painted.pixel(x, y)) - qGray(photo.pixel(x, y)));
    QVERIFY2(change / (61 * 46) > 5, "the picture is hardly changed");
}

void TestCli::instantBlendsPaintingsAndPrints()
{
    const QString out = mDir + "/instant-print.png";
    const Outcome o = cli({"instant", mContent, mStyle, mContent, "--style-weights", "3,1", "--strength", "0.7",
                           "--preserve-colors", "luminance", "--print", "2x1.5in@40", "-o", out});
    QCOMPARE(o.exitCode, 0);
    QVERIFY2(o.err.contains("80x60 px (40 DPI)") && o.err.contains("of 2 paintings"), qPrintable(o.err));
    const QImage written(out);
    QCOMPARE(written.size(), QSize(80, 60));
    QVERIFY(std::abs(written.dotsPerMeterX() * 0.0254 - 40) < 0.1);
}

void TestCli::instantRefusesWhatItCannotUse()
{
    const Outcome missing = cli({"instant", mContent, mDir + "/no-such-painting.jpg", "-o", mDir + "/x.png"});
    QCOMPARE(missing.exitCode, 3);
    QVERIFY2(missing.err.contains("no-such-painting.jpg"), qPrintable(missing.err));

    const QString damaged = mDir + "/damaged-models";
    QDir().mkpath(damaged);
    QFile predictor(damaged + "/style_predict_int8.tflite");
    QVERIFY(predictor.open(QIODevice::WriteOnly));
    predictor.write("not a network");
    predictor.close();
    QVERIFY(QFile::copy(QString::fromStdString(brushwork::builtinModelPath(brushwork::kStyleTransformerFile)),
                        damaged + "/" + brushwork::kStyleTransformerFile));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("BRUSHWORK_BUILTIN_MODEL_DIR", damaged);
    const Outcome o = cli({"instant", mContent, mStyle, "-o", mDir + "/x.png"}, env);
    QCOMPARE(o.exitCode, 3);
    QVERIFY2(o.err.contains(damaged + "/style_predict_int8.tflite"), qPrintable(o.err));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
