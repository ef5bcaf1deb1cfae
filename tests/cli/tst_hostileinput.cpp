// SPDX-License-Identifier: GPL-3.0-or-later
// Hostile input (issue 14) through the command line: files that are not
// files, pictures and weights built to hang, crash or exhaust memory,
// non-finite numbers, outputs that would overwrite an input, downloads that
// never end. Each ends with a message that names the problem, and nothing
// is written or changed.
#include "badinputfixture.h"
#include "brushwork/image.h"
#include "brushwork/modelfiles.h"
#include "testhttpserver.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QtTest>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <array>
#include <cstdio>
#include <jpeglib.h>
#include <map>
#include <memory>
#include <sys/stat.h>

using nlohmann::json;
using namespace badinput;

namespace {

/// What must not change: a file's bytes, a folder's entries, or that nothing is there.
QByteArray snapshot(const QString& path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return "(absent)";
    if (info.isDir())
        return QDir(path).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).join('\n').toUtf8();
    return readAll(path);
}

/// A grayscale JPEG written by libjpeg with `scans` given as a progressive
/// scan script: 128 scans (every AC coefficient on its own, then refined),
/// a valid file that decodes scan after scan.
QString manyScanJpeg()
{
    std::vector<jpeg_scan_info> script;
    auto scan = [&script](int ss, int se, int ah, int al) {
        jpeg_scan_info s{};
        s.comps_in_scan = 1;
        s.component_index[0] = 0;
        s.Ss = ss;
        s.Se = se;
        s.Ah = ah;
        s.Al = al;
        script.push_back(s);
    };
    scan(0, 0, 0, 1);
    for (int k = 1; k < 64; ++k)
        scan(k, k, 0, 1);
    scan(0, 0, 1, 0);
    for (int k = 1; k < 64; ++k)
        scan(k, k, 1, 0);
    return writeJpeg("many-scans.jpg", 64, 48, 1, JCS_GRAYSCALE,
                     [](int x, int y, int) { return static_cast<unsigned char>((x * 4 + y * 3) & 0xff); }, script);
}

/// Little-endian TIFF bytes: an 8-byte header and one directory of SHORT or
/// LONG entries (tag, type, value), sorted as libtiff wants them.
QByteArray tiffWith(const std::vector<std::array<std::uint32_t, 3>>& entries, int pixelBytes)
{
    QByteArray bytes("II*\0\x08\0\0\0", 8);
    auto put = [&](std::uint32_t value, int size) {
        for (int i = 0; i < size; ++i)
            bytes.append(char((value >> (8 * i)) & 0xff));
    };
    const std::uint32_t dataAt = 8 + 2 + 12 * std::uint32_t(entries.size()) + 4;
    put(std::uint32_t(entries.size()), 2);
    for (const auto& [tag, type, value] : entries) {
        put(tag, 2);
        put(type, 2);
        put(1, 4);
        put(tag == 273 || tag == 324 ? dataAt : value, 4); // strip or tile offsets point at the data
    }
    put(0, 4);
    bytes.append(QByteArray(pixelBytes, '\x80'));
    return bytes;
}

/// Safetensors weights whose first stored float is NaN.
QString nanWeights()
{
    const QString path = dir() + "/nan.safetensors";
    brushwork::writeRandomWeights(path.toStdString(), brushwork::NetworkKind::SqueezeNet, 7);
    QByteArray bytes = readAll(path);
    std::uint64_t length = 0;
    for (int i = 7; i >= 0; --i)
        length = length << 8 | static_cast<unsigned char>(bytes[i]);
    const char nan[] = {0, 0, char(0xC0), char(0x7F)};
    bytes.replace(int(8 + length), 4, QByteArray(nan, 4));
    writeAll(path, bytes);
    return path;
}

} // namespace

class TestHostileInput : public QObject, private BadInputFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void hostile_data();
    void hostile();

private:
    std::unique_ptr<TestHttpServer> mServer; ///< for the download rows
};

void TestHostileInput::initTestCase()
{
    writeInputs();
    mServer = std::make_unique<TestHttpServer>(randomSqueezeNetFile().bytes);
}

/// Hostile input (issue 14): one row or more per class of input that used to
/// hang, crash, allocate without bound, paint silently wrong or lose a file.
/// Every row runs the CLI with a time limit (a hang fails the row), checks the
/// exit code and that the message names the problem, that no output appeared
/// and that no input changed.
void TestHostileInput::hostile_data()
{
    QTest::addColumn<QStringList>("args"); // "@OUT" stands for a fresh output path
    QTest::addColumn<QString>("env");      // NAME=VALUE set for the run, or empty
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QStringList>("untouched"); // files, folders or absent paths that must stay as they are

    const QString d = dir();
    auto render = [&](const QString& photo, const QString& painting, const QString& weights,
                      const QStringList& extra = {}) {
        return QStringList{"render", photo, painting, "-o", "@OUT", "--weights", weights, "--threads", "1", "--size",
                           "32", "--iterations", "2"} +
               extra;
    };
    auto project = [&](const QString& name, const std::function<void(json&)>& edit) {
        return QStringList{"render", "--project", projectWith(name, edit), "-o", "@OUT", "--weights", mWeights,
                           "--threads", "1"};
    };
    const QStringList inputs = {mPhoto, mPainting, mWeights};

    // 1. Files that are not regular files.
    const QString fifo = d + "/fifo.png";
    QFile::remove(fifo);
    QVERIFY(::mkfifo(fifo.toLocal8Bit().constData(), 0600) == 0);
    QTest::newRow("1 FIFO as the photo") << render(fifo, mPainting, mWeights) << "" << 3 << "pipe (FIFO) or socket, not a" << inputs;
    QTest::newRow("1 FIFO as --weights") << render(mPhoto, mPainting, fifo) << "" << 3 << "pipe (FIFO) or socket, not a" << inputs;
    QTest::newRow("1 /dev/zero as the painting")
        << render(mPhoto, "/dev/zero", mWeights) << "" << 3 << "a device" << inputs;
    QTest::newRow("1 FIFO as a project's photo")
        << project("fifo.brushwork", [&](json& p) { p["content"]["path"] = fifo.toStdString(); }) << "" << 3
        << "pipe (FIFO) or socket, not a" << inputs;
    QTest::newRow("1 FIFO in models import")
        << QStringList{"models", "import", fifo} << "BRUSHWORK_MODEL_DIR=" + d + "/models" << 3 << "pipe (FIFO) or socket, not a"
        << inputs;

    // 2. Picture limits that could be bypassed.
    writeAll(d + "/huge.ppm", QByteArray("P6\n60000 60000\n255\n") + QByteArray(64, '\x10'));
    QTest::newRow("2 PNM claiming 60000x60000")
        << render(d + "/huge.ppm", mPainting, mWeights) << "" << 3 << "not a picture Brushwork can read" << inputs;
    std::vector<unsigned char> jpeg;
    cv::imencode(".jpg", cv::Mat(24, 32, CV_8UC3, cv::Scalar(40, 120, 200)), jpeg);
    QByteArray stray(reinterpret_cast<const char*>(jpeg.data()), int(jpeg.size()));
    const int frame = stray.indexOf(QByteArray("\xFF\xC0", 2));
    QVERIFY(frame > 0);
    stray[frame + 5] = char(0xEA); // height 60000
    stray[frame + 6] = char(0x60);
    stray[frame + 7] = char(0xEA); // width 60000
    stray[frame + 8] = char(0x60);
    stray.insert(frame, '\0');
    writeAll(d + "/stray.jpg", stray);
    QTest::newRow("2 JPEG with a stray byte before a 60000x60000 frame")
        << render(d + "/stray.jpg", mPainting, mWeights) << "" << 3 << "stray.jpg: the picture is damaged" << inputs;
    writeAll(d + "/tiles.tif", tiffWith({{256, 3, 16}, {257, 3, 16}, {258, 3, 8}, {259, 3, 1}, {262, 3, 1},
                                         {277, 3, 1}, {322, 4, 65536}, {323, 4, 65536}, {324, 4, 0}, {325, 4, 256}},
                                        256));
    QTest::newRow("2 390-byte TIFF with 65536x65536 tiles")
        << render(d + "/tiles.tif", mPainting, mWeights) << "" << 3 << "larger than the picture" << inputs;
    QTest::newRow("2 JPEG with 128 scans")
        << render(manyScanJpeg(), mPainting, mWeights) << "" << 3 << "more than 100 scans" << inputs;

    // 3. Corrupt pictures accepted silently.
    std::vector<unsigned char> whole;
    cv::Mat eightBit;
    testsupport::makeContentImage(64, 48).convertTo(eightBit, CV_8UC3, 255.0);
    cv::imencode(".jpg", eightBit, whole);
    writeAll(d + "/half.jpg", QByteArray(reinterpret_cast<const char*>(whole.data()), int(whole.size() / 2)));
    QTest::newRow("3 JPEG cut in half") << render(d + "/half.jpg", mPainting, mWeights) << "" << 3
                                        << "half.jpg: the picture is damaged" << inputs;

    // 4. Non-finite numbers.
    QTest::newRow("4 NaN in the weights") << render(mPhoto, mPainting, nanWeights()) << "" << 3 << "NaN" << inputs;
    QTest::newRow("4 --style-weights 1e39 (infinite as a float)")
        << render(mPhoto, mPainting, mWeights, {"--style-weights", "1e39"}) << "" << 2 << "finite number" << inputs;
    QTest::newRow("4 --style-layers fire2:nan")
        << render(mPhoto, mPainting, mWeights, {"--style-layers", "fire2:nan"}) << "" << 2 << "needs a number"
        << inputs;
    QTest::newRow("4 project blend 1e39")
        << project("blend.brushwork", [](json& p) { p["params"]["weights"]["blend"] = {1e39}; }) << "" << 3
        << "blend" << inputs;

    // 5. Outputs checked before the work, never an input.
    QTest::newRow("5 missing output folder")
        << QStringList(render(mPhoto, mPainting, mWeights)).replaceInStrings("@OUT", d + "/nowhere/out.png") << ""
        << 2 << "does not exist" << inputs;
    QTest::newRow("5 unknown output extension")
        << QStringList(render(mPhoto, mPainting, mWeights)).replaceInStrings("@OUT", d + "/out.xyz") << "" << 2
        << "cannot write the picture as \".xyz\"" << inputs;
    QTest::newRow("5 --autosave at the photo")
        << render(mPhoto, mPainting, mWeights, {"--autosave", mPhoto}) << "" << 2 << "one of the run's inputs"
        << inputs;
    writeAll(d + "/readonly.png", readAll(mPhoto));
    QFile(d + "/readonly.png").setPermissions(QFileDevice::ReadOwner | QFileDevice::ReadGroup);
    QTest::newRow("5 read-only output file")
        << QStringList(render(mPhoto, mPainting, mWeights)).replaceInStrings("@OUT", d + "/readonly.png") << "" << 2
        << "read-only" << QStringList(inputs) + QStringList{d + "/readonly.png"};
    writeAll(d + "/nft-file", "not a folder");
    QTest::newRow("5 --nft names a file")
        << render(mPhoto, mPainting, mWeights, {"--nft", d + "/nft-file"}) << "" << 2 << "is a folder"
        << QStringList(inputs) + QStringList{d + "/nft-file"};

    // 6. Sizes the network cannot take.
    QTest::newRow("6 --size 16") << render(mPhoto, mPainting, mWeights, {"--size", "16"}) << "" << 3
                                 << "needs at least" << inputs;
    brushwork::saveImage((d + "/strip.png").toStdString(), testsupport::makeContentImage(400, 2));
    QTest::newRow("6 400x2 strip") << render(d + "/strip.png", mPainting, mWeights) << "" << 3 << "needs at least"
                                   << inputs;

    // 7. Memory outside the budget: refused from the estimate before anything
    // that grows with the input is allocated.
    const QStringList large = {headerOnlyPng("large-1.png", 10000), headerOnlyPng("large-2.png", 10000),
                               headerOnlyPng("large-3.png", 10000)};
    QTest::newRow("7 three 10000x10000 paintings in 1G")
        << QStringList{"render", mPhoto, large[0], large[1], large[2], "-o", "@OUT", "--weights", mWeights,
                       "--threads", "1", "--size", "32", "--memory-budget", "1G"}
        << "" << 3 << "3 paintings at full size needs about" << inputs + large;
    QTest::newRow("7 --style-scale 16 in 1G")
        << render(mPhoto, mPainting, mWeights, {"--size", "512", "--style-scale", "16", "--memory-budget", "1G"}) << ""
        << 3 << "the style pictures need about" << inputs;
    QTest::newRow("7 fast --size 16384 in 1G")
        << QStringList{"fast", "--model", mWeights, mPhoto, "-o", "@OUT", "--size", "16384", "--memory-budget", "1G"}
        << "" << 3 << "painting 16384×12288 px needs about" << inputs;
    QTest::newRow("7 instant --size 65536 in 1G")
        << QStringList{"instant", mPhoto, mPainting, "-o", "@OUT", "--size", "65536", "--memory-budget", "1G"} << ""
        << 3 << "painting 65536×49152 px needs about" << inputs;
    QTest::newRow("7 bench --size 65536 in 1G")
        << QStringList{"bench", "--random-weights", "--network", "squeezenet", "--threads", "1", "--size", "65536",
                       "--memory-budget", "1G"}
        << "" << 3 << "making the pictures needs about" << inputs;

    // 8. A long --print.
    QTest::newRow("8 --print with 50000 digits")
        << QStringList{"render", mPhoto, mPainting, "-o", "@OUT", "--weights", mWeights, "--threads", "1",
                       "--iterations", "2", "--print", QString(50000, '7') + "x10cm"}
        << "" << 2
        << "far too long" << inputs;

    // 11. Downloads, from a server in this process. The model folder holds a
    // SqueezeNet that differs from the one served.
    const QString models = d + "/download-models";
    QDir(models).removeRecursively();
    QDir().mkpath(models);
    const QString installed = models + "/" + QString::fromStdString(brushwork::modelFileName(brushwork::NetworkKind::SqueezeNet));
    brushwork::writeRandomWeights(installed.toStdString(), brushwork::NetworkKind::SqueezeNet, 9);
    const QString modelDir = "BRUSHWORK_MODEL_DIR=" + models;
    const QStringList modelFolder = {installed, models + "/.partial", models + "/fast-styles"};
    auto download = [&](const QString& name, const QString& path) {
        return QStringList{"models", "download", name, "--url", mServer->url(path).toString()};
    };
    QTest::newRow("11 endless body") << download("squeezenet", "/endless") << modelDir << 5
                                     << "the server sent more than 67.1 MB" << modelFolder;
    QTest::newRow("11 redirect loop") << download("squeezenet", "/loop") << modelDir << 5
                                      << "redirected the download in a loop" << modelFolder;
    QTest::newRow("11 a SqueezeNet under another name (would replace the installed one)")
        << download("squeezenet1_0", "/file") << modelDir << 3 << "this is not a fast style network" << modelFolder;

    // 12. Small ones.
    QTest::newRow("12 --seed 1.5") << render(mPhoto, mPainting, mWeights, {"--seed", "1.5"}) << "" << 2
                                   << "--seed must be a whole number" << inputs;
    QTest::newRow("12 --style-layers fire2:2abc")
        << render(mPhoto, mPainting, mWeights, {"--style-layers", "fire2:2abc"}) << "" << 2 << "\"fire2:2abc\"" << inputs;
    QTest::newRow("12 BRUSHWORK_MAX_PIXELS=-1")
        << render(mPhoto, mPainting, mWeights) << "BRUSHWORK_MAX_PIXELS=-1" << 2 << "BRUSHWORK_MAX_PIXELS" << inputs;
    QTest::newRow("12 project with a tile of 5 px")
        << project("tile.brushwork", [](json& p) { p["params"]["tile"] = 5; }) << "" << 3
        << "the project cannot be used" << inputs;
    QTest::newRow("12 project resuming 100000000 iterations")
        << QStringList(project("resume.brushwork",
                               [](json& p) { p["progress"] = {{"total", 100000000}, {"iteration", 1}}; }))
               + QStringList{"--resume"}
        << "" << 3 << "out of range" << inputs;
    QTest::newRow("12 render --help") << QStringList{"render", "--help"} << "" << 0 << "Usage: brushwork-cli" << inputs;
    QTest::newRow("12 --threads 1024 is capped")
        << render(mPhoto, mPainting, mWeights, {"--threads", "1024", "--iterations", "0"}) << "" << 0
        << "CPUs this machine gives"
        << inputs;
}

void TestHostileInput::hostile()
{
    QFETCH(QStringList, args);
    QFETCH(QString, env);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    QFETCH(QStringList, untouched);

    const QString out = dir() + "/hostile-" + QString::number(qHash(QString(QTest::currentDataTag()))) + ".png";
    QFile::remove(out);
    args.replaceInStrings("@OUT", out);
    std::map<QString, QByteArray> before;
    for (const QString& file : untouched)
        before[file] = snapshot(file);

    QProcess cli;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (!env.isEmpty())
        environment.insert(env.section('=', 0, 0), env.section('=', 1));
    cli.setProcessEnvironment(environment);
    QElapsedTimer clock;
    clock.start();
    // The event loop runs while it waits, so that the download rows' server answers.
    QSignalSpy exited(&cli, &QProcess::finished);
    cli.start(BRUSHWORK_CLI_PATH, args);
    const bool finished = cli.waitForStarted() && exited.wait(30000);
    const qint64 elapsed = clock.elapsed();
    if (!finished) {
        cli.kill();
        cli.waitForFinished();
    }
    QVERIFY2(finished, "the command hung for 30 s");
    qInfo("%s: %lld ms", QTest::currentDataTag(), elapsed);
    const QString said = QString::fromUtf8(cli.readAllStandardError() + cli.readAllStandardOutput());
    QCOMPARE(cli.exitStatus(), QProcess::NormalExit); // never a crash
    QVERIFY2(cli.exitCode() == exitCode, qPrintable(QString("exit %1: %2").arg(cli.exitCode()).arg(said.left(2000))));
    QVERIFY2(said.contains(message), qPrintable(said.left(2000)));
    QVERIFY(!said.contains("terminate") && !said.contains("c10::") && !said.contains("Output size is too small"));
    if (exitCode != 0)
        QVERIFY2(!QFile::exists(out), "an output was written");
    for (const auto& [file, bytes] : before)
        QVERIFY2(snapshot(file) == bytes, qPrintable(file + " changed"));
}

QTEST_GUILESS_MAIN(TestHostileInput)
#include "tst_hostileinput.moc"
