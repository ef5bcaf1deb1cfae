// SPDX-License-Identifier: GPL-3.0-or-later
// Exported files carry their DPI and colour space, read back by other
// readers than the ones that wrote them, and failures leave no file.
#include "brushwork/error.h"
#include "brushwork/image.h"
#include "testsupport.h"

#include <QColorSpace>
#include <QImage>
#include <QImageReader>
#include <QtTest>

#include <csignal>
#include <filesystem>
#include <sys/resource.h>
#include <tiffio.h>
#include <unistd.h>

using namespace brushwork;

namespace {

constexpr double kMetresPerInch = 0.0254;

QString exportPath(const QString& name)
{
    return testsupport::scratchDir() + "/" + name;
}

double dpiOf(const QImage& image)
{
    return image.dotsPerMeterX() * kMetresPerInch;
}

} // namespace

class TestExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void pngCarriesDpiAndSrgb_data();
    void pngCarriesDpiAndSrgb();
    void jpegCarriesDensityAndProfile();
    void tiffIsSixteenBitLzwWithResolution();
    void webpRoundTrips();
    void unknownFormatIsRefused();
    void unwritableFolderFailsAndLeavesNothing();
    void failedWriteKeepsTheOldFile();
};

void TestExport::pngCarriesDpiAndSrgb_data()
{
    QTest::addColumn<bool>("sixteen");
    QTest::newRow("8-bit") << false;
    QTest::newRow("16-bit") << true;
}

void TestExport::pngCarriesDpiAndSrgb()
{
    QFETCH(bool, sixteen);
    const cv::Mat picture = testsupport::makeContentImage(48, 32);
    const QString path = exportPath(sixteen ? "print16.png" : "print8.png");
    ImageSaveOptions options;
    options.dpi = 300;
    options.sixteenBit = sixteen;
    saveImage(path.toStdString(), picture, options);

    const QImage read(path);
    QVERIFY(!read.isNull());
    QCOMPARE(read.size(), QSize(48, 32));
    QCOMPARE(read.depth() == 64, sixteen);
    QVERIFY2(std::abs(dpiOf(read) - 300) < 0.1, qPrintable(QString::number(dpiOf(read))));
    QCOMPARE(read.colorSpace(), QColorSpace(QColorSpace::SRgb));
    // The pixels are still the picture (our chunks did not disturb the data).
    QVERIFY(testsupport::meanAbsDifference(loadImage(path.toStdString()), picture) < 1.0 / 255);
}

void TestExport::jpegCarriesDensityAndProfile()
{
    const QString path = exportPath("print.jpg");
    ImageSaveOptions options;
    options.dpi = 240;
    options.jpegQuality = 90;
    saveImage(path.toStdString(), testsupport::makeContentImage(64, 48), options);
    const QImage read(path);
    QVERIFY(!read.isNull());
    QVERIFY2(std::abs(dpiOf(read) - 240) < 0.5, qPrintable(QString::number(dpiOf(read))));
    QVERIFY(read.colorSpace().isValid());
    QCOMPARE(read.colorSpace().primaries(), QColorSpace::Primaries::SRgb);
}

void TestExport::tiffIsSixteenBitLzwWithResolution()
{
    const QString path = exportPath("print.tif");
    ImageSaveOptions options;
    options.dpi = 300;
    options.sixteenBit = true;
    const cv::Mat picture = testsupport::makeContentImage(40, 30);
    saveImage(path.toStdString(), picture, options);

    TIFF* tiff = TIFFOpen(path.toLocal8Bit().constData(), "r");
    QVERIFY(tiff);
    std::uint16_t bits = 0, compression = 0, unit = 0;
    float xResolution = 0, yResolution = 0;
    std::uint32_t profileSize = 0;
    void* profile = nullptr;
    TIFFGetField(tiff, TIFFTAG_BITSPERSAMPLE, &bits);
    TIFFGetField(tiff, TIFFTAG_COMPRESSION, &compression);
    TIFFGetField(tiff, TIFFTAG_RESOLUTIONUNIT, &unit);
    TIFFGetField(tiff, TIFFTAG_XRESOLUTION, &xResolution);
    TIFFGetField(tiff, TIFFTAG_YRESOLUTION, &yResolution);
    const bool hasProfile = TIFFGetField(tiff, TIFFTAG_ICCPROFILE, &profileSize, &profile);
    TIFFClose(tiff);
    QCOMPARE(bits, std::uint16_t(16));
    QCOMPARE(compression, std::uint16_t(COMPRESSION_LZW));
    QCOMPARE(unit, std::uint16_t(RESUNIT_INCH));
    QCOMPARE(xResolution, 300.0f);
    QCOMPARE(yResolution, 300.0f);
    QVERIFY(hasProfile && profileSize > 128);
    // 16 bits survive: the difference to the float picture is far below one 8-bit step.
    QVERIFY(testsupport::meanAbsDifference(loadImage(path.toStdString()), picture) < 0.1 / 255);
}

void TestExport::webpRoundTrips()
{
    const QString path = exportPath("web.webp");
    ImageSaveOptions options;
    options.jpegQuality = 100;
    const cv::Mat picture = testsupport::makeContentImage(40, 30);
    saveImage(path.toStdString(), picture, options);
    QVERIFY(testsupport::meanAbsDifference(loadImage(path.toStdString()), picture) < 1.0 / 255);
}

void TestExport::unknownFormatIsRefused()
{
    try {
        saveImage(exportPath("picture.gif").toStdString(), testsupport::makeContentImage(8, 8));
        QFAIL("accepted");
    } catch (const Error& error) {
        QCOMPARE(error.kind(), ErrorKind::Usage);
        QVERIFY(QString::fromStdString(error.what()).contains(".gif"));
    }
}

void TestExport::unwritableFolderFailsAndLeavesNothing()
{
    // procfs refuses new files even to root; a read-only folder does so for
    // everyone else.
    QStringList targets = {"/proc/brushwork-export-test.tif"};
    const QString folder = testsupport::scratchDir() + "/read-only";
    QDir().mkpath(folder);
    QFile(folder).setPermissions(QFileDevice::ReadOwner | QFileDevice::ExeOwner);
    if (geteuid() != 0)
        targets << folder + "/picture.png" << folder + "/picture.tif";
    for (const QString& target : targets) {
        try {
            ImageSaveOptions options;
            options.dpi = 300;
            saveImage(target.toStdString(), testsupport::makeContentImage(16, 16), options);
            QFAIL(qPrintable("wrote " + target));
        } catch (const Error& error) {
            QCOMPARE(error.kind(), ErrorKind::Io);
            QVERIFY2(QString::fromStdString(error.what()).contains(target), error.what());
        }
        QVERIFY(!QFileInfo::exists(target));
    }
    QVERIFY(QDir(folder).entryList(QDir::Files | QDir::Hidden).isEmpty());
    QFile(folder).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

void TestExport::failedWriteKeepsTheOldFile()
{
    // A full disk, simulated by a file-size limit: writes past 200 bytes fail
    // (EFBIG) the way they do on a full disk (ENOSPC).
    const QString folder = testsupport::scratchDir() + "/keep";
    QDir().mkpath(folder);
    for (const QString name : {"picture.png", "picture.tif"}) {
        const QString path = folder + "/" + name;
        saveImage(path.toStdString(), testsupport::makeContentImage(16, 16));
        QFile original(path);
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QByteArray before = original.readAll();
        original.close();

        std::signal(SIGXFSZ, SIG_IGN);
        rlimit previous{};
        getrlimit(RLIMIT_FSIZE, &previous);
        rlimit limited = previous;
        limited.rlim_cur = 200;
        setrlimit(RLIMIT_FSIZE, &limited);
        bool failed = false;
        QString message;
        try {
            saveImage(path.toStdString(), testsupport::makeContentImage(64, 64));
        } catch (const Error& error) {
            failed = error.kind() == ErrorKind::Io;
            message = QString::fromStdString(error.what());
        }
        setrlimit(RLIMIT_FSIZE, &previous);
        QVERIFY2(failed, qPrintable(name + " was written past the limit"));
        QVERIFY2(message.contains("free space"), qPrintable(message));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), before);
        QVERIFY(QDir(folder).entryList(QDir::Files | QDir::Hidden).filter(".part").isEmpty());
    }
}

QTEST_MAIN(TestExport)
#include "tst_export.moc"
