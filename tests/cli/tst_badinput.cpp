// SPDX-License-Identifier: GPL-3.0-or-later
// The bad-input table: every kind of broken or unusual picture, weights file
// and project that users meet, through the command line. Broken ones end
// with exit code 3 and a message naming the file and the problem, and write
// nothing; unusual but valid ones paint.
#include "badinputfixture.h"
#include "brushwork/image.h"
#include "brushwork/modelfiles.h"
#include "testsupport.h"

#include <QImage>
#include <QProcess>
#include <QtTest>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdio>
#include <jpeglib.h>
#include <unistd.h>

using nlohmann::json;
using namespace badinput;

namespace {

QString pngOf(const QString& name, int cvType, int channels)
{
    const QString path = dir() + "/" + name;
    cv::Mat picture(24, 32, CV_MAKETYPE(cvType, channels), cv::Scalar::all(cvType == CV_16U ? 40000 : 160));
    cv::circle(picture, {16, 12}, 8, cv::Scalar::all(cvType == CV_16U ? 1000 : 20), -1);
    cv::imwrite(path.toStdString(), picture);
    return path;
}

/// A 32x24 JPEG in CMYK, as print shops send them (libjpeg writes the
/// Adobe marker that says so).
QString cmykJpeg()
{
    return writeJpeg("cmyk.jpg", 32, 24, 4, JCS_CMYK, [](int x, int y, int c) {
        const int cmyk[] = {x * 8, y * 10, 128, 30};
        return static_cast<unsigned char>(cmyk[c]);
    });
}

/// A 32x24 JPEG whose EXIF says "rotate 90° clockwise to view" (orientation 6).
QString rotatedJpeg()
{
    std::vector<unsigned char> jpeg;
    cv::imencode(".jpg", cv::Mat(24, 32, CV_8UC3, cv::Scalar(40, 120, 200)), jpeg);
    // APP1: "Exif\0\0", a little-endian TIFF header and one IFD entry
    // (tag 0x0112 orientation, SHORT, 1 value: 6).
    const unsigned char app1[] = {0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 0x2A, 0, 8, 0, 0, 0,
                                  1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0};
    jpeg.insert(jpeg.begin() + 2, std::begin(app1), std::end(app1));
    const QString path = dir() + "/rotated.jpg";
    writeAll(path, QByteArray(reinterpret_cast<const char*>(jpeg.data()), int(jpeg.size())));
    return path;
}

QString hugeHeaderPng()
{
    return headerOnlyPng("huge.png", 60000);
}

/// Small valid SqueezeNet weights whose header `edit` rewrites; the data
/// bytes stay as they were.
QString editedWeights(const QString& name, const std::function<void(json&)>& edit)
{
    static const QString base = [] {
        const QString path = dir() + "/squeezenet.safetensors";
        brushwork::writeRandomWeights(path.toStdString(), brushwork::NetworkKind::SqueezeNet, 5);
        return path;
    }();
    const QByteArray bytes = readAll(base);
    std::uint64_t length = 0;
    for (int i = 7; i >= 0; --i)
        length = length << 8 | static_cast<unsigned char>(bytes[i]);
    json header = json::parse(bytes.mid(8, int(length)).toStdString());
    edit(header);
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');
    QByteArray out;
    for (int i = 0; i < 8; ++i)
        out.append(char((std::uint64_t(text.size()) >> (8 * i)) & 0xff));
    out.append(QByteArray::fromStdString(text));
    out.append(bytes.mid(8 + int(length)));
    const QString path = dir() + "/" + name;
    writeAll(path, out);
    return path;
}

} // namespace

class TestBadInput : public QObject, private BadInputFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void table_data();
    void table();
};

void TestBadInput::initTestCase()
{
    writeInputs();
}

void TestBadInput::table_data()
{
    QTest::addColumn<QString>("role");    // which argument the file is: photo, painting, weights, project
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message"); // a part of the message that names the problem

    const QString d = dir();
    writeAll(d + "/empty.png", {});
    const QByteArray good = readAll(pngOf("whole.png", CV_8U, 3));
    writeAll(d + "/truncated.png", good.left(good.size() / 2));
    writeAll(d + "/notes.jpg", "shopping list: brushes, linseed oil\n");
    QImage palette(32, 24, QImage::Format_Indexed8);
    palette.setColorTable({qRgb(200, 30, 30), qRgb(30, 30, 200)});
    palette.fill(1);
    palette.save(d + "/palette.png");
    QDir().mkpath(d + "/a folder.png");
    const QString nonAscii = d + "/фото ü 写真.png";
    QFile::copy(d + "/whole.png", nonAscii);
    QFile::copy(d + "/whole.png", d + "/unreadable.png");
    QFile(d + "/unreadable.png").setPermissions(QFileDevice::WriteOwner);

    QTest::newRow("empty picture") << "photo" << d + "/empty.png" << 3 << "the file is empty";
    QTest::newRow("truncated PNG") << "photo" << d + "/truncated.png" << 3 << "truncated.png";
    QTest::newRow("text file named .jpg") << "painting" << d + "/notes.jpg" << 3 << "notes.jpg";
    QTest::newRow("60000x60000 PNG header") << "photo" << hugeHeaderPng() << 3 << "60000 × 60000 pixels, more than the limit";
    QTest::newRow("missing picture") << "photo" << d + "/nowhere.png" << 3 << "file not found";
    QTest::newRow("folder instead of a picture") << "photo" << d + "/a folder.png" << 3 << "a folder";
    if (geteuid() != 0)
        QTest::newRow("unreadable picture") << "photo" << d + "/unreadable.png" << 3 << "cannot be opened";
    QTest::newRow("CMYK JPEG") << "photo" << cmykJpeg() << 0 << "";
    QTest::newRow("16-bit PNG") << "photo" << pngOf("deep.png", CV_16U, 3) << 0 << "";
    QTest::newRow("grayscale PNG") << "painting" << pngOf("gray.png", CV_8U, 1) << 0 << "";
    QTest::newRow("palette PNG") << "painting" << d + "/palette.png" << 0 << "";
    QTest::newRow("PNG with alpha") << "photo" << pngOf("alpha.png", CV_8U, 4) << 0 << "";
    QTest::newRow("EXIF-rotated JPEG") << "photo" << rotatedJpeg() << 0 << "";
    QTest::newRow("non-ASCII path") << "photo" << nonAscii << 0 << "";

    const QByteArray weights = readAll(mWeights);
    writeAll(d + "/truncated.safetensors", weights.left(weights.size() - 1000));
    QTest::newRow("truncated weights") << "weights" << d + "/truncated.safetensors" << 3 << "truncated.safetensors";
    QTest::newRow("weights with lying offsets")
        << "weights" << editedWeights("lying.safetensors", [](json& h) {
               h["features.0.weight"]["data_offsets"] = {0, 1ull << 40};
           })
        << 3 << "features.0.weight";
    QTest::newRow("weights with a wrong shape")
        << "weights" << editedWeights("shape.safetensors", [](json& h) {
               h["features.0.weight"]["shape"] = {3, 96, 7, 7};
           })
        << 3 << "features.0.weight";
    QTest::newRow("weights with a wrong dtype")
        << "weights" << editedWeights("dtype.safetensors", [](json& h) { h["features.0.weight"]["dtype"] = "I32"; })
        << 3 << "features.0.weight";
    QByteArray absurd(8, '\xff');
    absurd.append("{}");
    writeAll(d + "/absurd.safetensors", absurd);
    QTest::newRow("absurd weights header size") << "weights" << d + "/absurd.safetensors" << 3 << "absurd.safetensors";
    writeAll(d + "/photo.safetensors", good);
    QTest::newRow("a picture as weights") << "weights" << d + "/photo.safetensors" << 3 << "not a weights file";
    const QString pthSeeds = QStringLiteral(BRUSHWORK_SOURCE_DIR) + "/tests/fuzz/corpus/pth";
    QTest::newRow(".pth that names code") << "weights" << pthSeeds + "/os-system.pth" << 3 << "(os.system)";
    const QByteArray pth = readAll(pthSeeds + "/legacy.pth");
    writeAll(d + "/truncated.pth", pth.left(pth.size() - 10));
    QTest::newRow("truncated .pth") << "weights" << d + "/truncated.pth" << 3 << "truncated.pth";

    QTest::newRow("project missing its params")
        << "project" << projectWith("noparams.brushwork", [](json& p) { p.erase("params"); }) << 3
        << "\"params\" is missing";
    QTest::newRow("project with a wrong type")
        << "project" << projectWith("types.brushwork", [](json& p) { p["params"]["size"] = "large"; }) << 3
        << "\"params.size\" should be a number";
    QTest::newRow("project from a newer Brushwork")
        << "project" << projectWith("future.brushwork", [](json& p) { p["version"] = 99; }) << 3 << "newer Brushwork";
    writeAll(d + "/damaged.brushwork", "{\"format\": \"brushwork-project\", \"version\": 1, \"content\": {");
    QTest::newRow("damaged project") << "project" << d + "/damaged.brushwork" << 3 << "not valid JSON";
    QTest::newRow("project whose photo is gone")
        << "project" << projectWith("gone.brushwork", [](json& p) { p["content"]["path"] = "/nowhere/photo.png"; })
        << 3 << "file not found";
}

void TestBadInput::table()
{
    QFETCH(QString, role);
    QFETCH(QString, file);
    QFETCH(int, exitCode);
    QFETCH(QString, message);

    const QString out = dir() + "/out-" + QString::number(qHash(file)) + ".png";
    QFile::remove(out);
    QStringList args = {"render"};
    if (role == "project")
        args << "--project" << file;
    else
        args << (role == "photo" ? file : mPhoto) << (role == "painting" ? file : mPainting);
    args << "-o" << out << "--weights" << (role == "weights" ? file : mWeights) << "--threads" << "1";
    if (role != "project")
        args << "--size" << "32" << "--iterations" << "2";

    QProcess cli;
    cli.start(BRUSHWORK_CLI_PATH, args);
    QVERIFY(cli.waitForFinished(60000));
    const QString err = QString::fromUtf8(cli.readAllStandardError());
    QCOMPARE(cli.exitStatus(), QProcess::NormalExit); // never a crash
    QVERIFY2(cli.exitCode() == exitCode, qPrintable(QString("exit %1: %2").arg(cli.exitCode()).arg(err)));
    if (exitCode != 0) {
        QVERIFY2(err.contains(message), qPrintable(err));
        QVERIFY(!err.contains("terminate") && !err.contains("c10::"));
        QVERIFY(!QFile::exists(out));
        return;
    }
    const cv::Mat painted = brushwork::loadImage(out.toStdString());
    if (QTest::currentDataTag() == QString("EXIF-rotated JPEG"))
        QCOMPARE(painted.cols < painted.rows, true); // turned upright: 24x32 before the resize
    QCOMPARE(std::max(painted.cols, painted.rows), 32);
}

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
