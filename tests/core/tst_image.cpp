// SPDX-License-Identifier: GPL-3.0-or-later
// Pictures in and out: formats, bit depths, alpha, orientation, errors.
#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/torus.h"
#include "testsupport.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <fstream>

using brushwork::loadImage;
using brushwork::saveImage;

namespace {

QString scratch(const QString& name)
{
    return testsupport::scratchDir() + "/" + name;
}

/// Writes with OpenCV directly (BGR or BGRA or gray), bypassing saveImage.
QString writeRawImage(const QString& name, const cv::Mat& pixels)
{
    const QString path = scratch(name);
    cv::imwrite(path.toStdString(), pixels);
    return path;
}

void writeBytes(const QString& path, const std::string& bytes)
{
    std::ofstream(path.toStdString(), std::ios::binary) << bytes;
}

/// A JPEG whose EXIF says "rotate 90 degrees clockwise to display".
std::string jpegWithOrientation6(const cv::Mat& bgr)
{
    std::vector<unsigned char> jpeg;
    cv::imencode(".jpg", bgr, jpeg);
    // APP1 "Exif\0\0" + little-endian TIFF header + one IFD entry: Orientation (0x0112) = 6.
    const unsigned char exif[] = {0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 0x2A, 0x00,
                                  0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x12, 0x01, 0x03, 0x00, 0x01, 0x00,
                                  0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    std::string bytes(jpeg.begin(), jpeg.begin() + 2); // SOI
    bytes.append(reinterpret_cast<const char*>(exif), sizeof exif);
    bytes.append(jpeg.begin() + 2, jpeg.end());
    return bytes;
}

} // namespace

class TestImage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrips_data();
    void roundTrips();
    void keepsRgbOrder();
    void sixteenBitKeepsPrecision();
    void grayscaleBecomesThreeEqualChannels();
    void transparencyIsCompositedOnWhite();
    void exifOrientationIsApplied();
    void readsWebpAndBmp();
    void nonAsciiPathsWork();
    void badFilesAreRefused_data();
    void badFilesAreRefused();
    void unknownExtensionIsAUsageError();
    void failedSaveLeavesNoFile();
    void resizeKeepsAspect_data();
    void resizeKeepsAspect();
    void wrappedResizeKeepsATorusWhole();
    void tileableMeetsRoundTheEdgesAndKeepsTheMiddle();
};

void TestImage::roundTrips_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("sixteen");
    QTest::addColumn<double>("tolerance");
    QTest::newRow("png 8") << "a.png" << false << 0.5 / 255;
    QTest::newRow("png 16") << "b.png" << true << 0.5 / 65535;
    QTest::newRow("tiff 8") << "c.tif" << false << 0.5 / 255;
    QTest::newRow("tiff 16") << "d.tiff" << true << 0.5 / 65535;
    QTest::newRow("jpeg") << "e.JPG" << false << 0.03;
}

void TestImage::roundTrips()
{
    QFETCH(QString, name);
    QFETCH(bool, sixteen);
    QFETCH(double, tolerance);
    const cv::Mat picture = testsupport::makeContentImage(40, 30);
    brushwork::ImageSaveOptions options;
    options.sixteenBit = sixteen;
    saveImage(scratch(name).toStdString(), picture, options);
    const cv::Mat loaded = loadImage(scratch(name).toStdString());
    QCOMPARE(loaded.type(), CV_32FC3);
    QCOMPARE(loaded.size(), picture.size());
    QVERIFY2(testsupport::meanAbsDifference(loaded, picture) < tolerance,
             qPrintable(QString::number(testsupport::meanAbsDifference(loaded, picture))));
}

void TestImage::keepsRgbOrder()
{
    const cv::Mat red(8, 8, CV_32FC3, cv::Scalar(1, 0, 0));
    saveImage(scratch("red.png").toStdString(), red);
    const cv::Vec3f pixel = loadImage(scratch("red.png").toStdString()).at<cv::Vec3f>(4, 4);
    QCOMPARE(pixel[0], 1.0f);
    QCOMPARE(pixel[2], 0.0f);
}

void TestImage::sixteenBitKeepsPrecision()
{
    cv::Mat raw(4, 4, CV_16UC3, cv::Scalar(1000, 2000, 3000)); // BGR
    const cv::Vec3f pixel = loadImage(writeRawImage("raw16.png", raw).toStdString()).at<cv::Vec3f>(0, 0);
    QVERIFY(std::abs(pixel[0] - 3000.0f / 65535) < 1e-6f);
    QVERIFY(std::abs(pixel[2] - 1000.0f / 65535) < 1e-6f);
}

void TestImage::grayscaleBecomesThreeEqualChannels()
{
    const cv::Mat gray(6, 9, CV_8UC1, cv::Scalar(51));
    const cv::Mat loaded = loadImage(writeRawImage("gray.png", gray).toStdString());
    QCOMPARE(loaded.channels(), 3);
    const cv::Vec3f pixel = loadImage(scratch("gray.png").toStdString()).at<cv::Vec3f>(2, 2);
    QCOMPARE(pixel[0], 0.2f);
    QCOMPARE(pixel[1], 0.2f);
    QCOMPARE(pixel[2], 0.2f);
}

void TestImage::transparencyIsCompositedOnWhite()
{
    cv::Mat bgra(4, 4, CV_8UC4, cv::Scalar(0, 0, 255, 255)); // opaque red
    bgra.at<cv::Vec4b>(0, 0) = cv::Vec4b(0, 0, 0, 0);          // transparent black
    const cv::Mat loaded = loadImage(writeRawImage("alpha.png", bgra).toStdString());
    QCOMPARE(loaded.at<cv::Vec3f>(0, 0), cv::Vec3f(1, 1, 1));
    QCOMPARE(loaded.at<cv::Vec3f>(1, 1), cv::Vec3f(1, 0, 0));
}

void TestImage::exifOrientationIsApplied()
{
    const QString path = scratch("rotated.jpg");
    writeBytes(path, jpegWithOrientation6(cv::Mat(20, 40, CV_8UC3, cv::Scalar(40, 80, 120))));
    const cv::Mat loaded = loadImage(path.toStdString());
    QCOMPARE(loaded.cols, 20);
    QCOMPARE(loaded.rows, 40);
}

void TestImage::readsWebpAndBmp()
{
    const cv::Mat bgr(10, 12, CV_8UC3, cv::Scalar(10, 20, 30));
    QCOMPARE(loadImage(writeRawImage("p.webp", bgr).toStdString()).cols, 12);
    QCOMPARE(loadImage(writeRawImage("p.bmp", bgr).toStdString()).rows, 10);
}

void TestImage::nonAsciiPathsWork()
{
    const QString path = scratch(QString::fromUtf8("pinceau-é-画.png"));
    saveImage(path.toStdString(), testsupport::makeStyleImage(16, 16));
    QCOMPARE(loadImage(path.toStdString()).cols, 16);
}

void TestImage::badFilesAreRefused_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("reason");
    std::vector<unsigned char> png;
    cv::imencode(".png", cv::Mat(32, 32, CV_8UC3, cv::Scalar(1, 2, 3)), png);
    const QByteArray half(reinterpret_cast<const char*>(png.data()), int(png.size() / 2));
    QTest::newRow("missing") << "missing.png" << QByteArray() << "not found";
    QTest::newRow("empty") << "empty.png" << QByteArray("") << "empty";
    QTest::newRow("text") << "notes.png" << QByteArray("not a picture at all") << "not a picture";
    QTest::newRow("truncated png") << "half.png" << half << "damaged";
}

void TestImage::badFilesAreRefused()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, reason);
    const QString path = scratch(name);
    if (!content.isNull())
        writeBytes(path, content.toStdString());
    try {
        loadImage(path.toStdString());
        QFAIL("a bad file was loaded");
    } catch (const brushwork::Error& error) {
        QCOMPARE(error.kind(), brushwork::ErrorKind::BadInput);
        QVERIFY2(QString(error.what()).contains(name), error.what());
        QVERIFY2(QString(error.what()).contains(reason), error.what());
    }
}

void TestImage::unknownExtensionIsAUsageError()
{
    try {
        saveImage(scratch("out.gif").toStdString(), testsupport::makeContentImage(8, 8));
        QFAIL("saved a .gif");
    } catch (const brushwork::Error& error) {
        QCOMPARE(error.kind(), brushwork::ErrorKind::Usage);
        QVERIFY(QString(error.what()).contains(".gif"));
    }
}

void TestImage::failedSaveLeavesNoFile()
{
    // A regular file where a folder should be: the save cannot succeed, even as root.
    writeBytes(scratch("not-a-folder"), "x");
    const QString target = scratch("not-a-folder/out.png");
    QVERIFY_THROWS_EXCEPTION(brushwork::Error, saveImage(target.toStdString(), testsupport::makeContentImage(8, 8)));
    const QStringList leftovers = QDir(testsupport::scratchDir()).entryList({"out.png*"});
    QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(", ")));
}

void TestImage::resizeKeepsAspect_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("longSide");
    QTest::addColumn<QSize>("expected");
    QTest::newRow("landscape down") << 400 << 300 << 128 << QSize(128, 96);
    QTest::newRow("portrait up") << 30 << 60 << 90 << QSize(45, 90);
    QTest::newRow("same") << 64 << 48 << 64 << QSize(64, 48);
}

void TestImage::resizeKeepsAspect()
{
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(int, longSide);
    QFETCH(QSize, expected);
    const cv::Mat resized = brushwork::resizeToLongSide(testsupport::makeContentImage(width, height), longSide);
    QCOMPARE(QSize(resized.cols, resized.rows), expected);
    double low, high;
    cv::minMaxLoc(resized.reshape(1), &low, &high);
    QVERIFY(low >= 0 && high <= 1);
}

void TestImage::wrappedResizeKeepsATorusWhole()
{
    // One period of a wave across and one down: the picture tiles seamlessly.
    auto wave = [](cv::Size size) {
        cv::Mat picture(size, CV_32FC3);
        for (int y = 0; y < size.height; ++y)
            for (int x = 0; x < size.width; ++x) {
                const float value = 0.5f + 0.25f * std::sin(2 * float(CV_PI) * (float(x) + 0.5f) / float(size.width)) +
                                    0.2f * std::cos(2 * float(CV_PI) * (float(y) + 0.5f) / float(size.height));
                picture.at<cv::Vec3f>(y, x) = cv::Vec3f(value, value, value);
            }
        return picture;
    };
    const cv::Mat small = wave({16, 12});
    const cv::Size large(40, 30);
    const double error = cv::norm(brushwork::resizeWrapped(small, large), wave(large), cv::NORM_INF);
    QVERIFY2(error < 0.02, qPrintable(QString::number(error)));
    // A plain resize repeats the edge pixels: the enlarged wave breaks at the edges.
    cv::Mat plain;
    cv::resize(small, plain, large, 0, 0, cv::INTER_CUBIC);
    const double plainError = cv::norm(plain, wave(large), cv::NORM_INF);
    QVERIFY2(plainError > 2 * error, qPrintable(QString("%1 against %2").arg(plainError).arg(error)));
    // Shrinking reads no pixel past an edge.
    QVERIFY(cv::norm(brushwork::resizeWrapped(wave(large), {20, 15}), wave({20, 15}), cv::NORM_INF) < 0.02);
}

void TestImage::tileableMeetsRoundTheEdgesAndKeepsTheMiddle()
{
    // A photo whose edges differ as much as they can: black at the left and
    // top, white at the right and bottom, in even steps.
    const cv::Size size(60, 40);
    cv::Mat photo(size, CV_32FC3);
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x) {
            const float value = 0.5f * (float(x) / float(size.width - 1) + float(y) / float(size.height - 1));
            photo.at<cv::Vec3f>(y, x) = cv::Vec3f(value, 1.0f - value, 0.5f);
        }
    const cv::Mat tiled = brushwork::tileable(photo);
    QCOMPARE(tiled.size(), size);
    QCOMPARE(tiled.type(), CV_32FC3);
    auto steepest = [](const cv::Mat& picture) {
        double most = 0;
        for (int x = 0; x + 1 < picture.cols; ++x)
            most = std::max(most, testsupport::meanAbsDifference(picture.col(x + 1), picture.col(x)));
        for (int y = 0; y + 1 < picture.rows; ++y)
            most = std::max(most, testsupport::meanAbsDifference(picture.row(y + 1), picture.row(y)));
        return most;
    };
    const double seam = std::max(testsupport::meanAbsDifference(tiled.col(size.width - 1), tiled.col(0)),
                                 testsupport::meanAbsDifference(tiled.row(size.height - 1), tiled.row(0)));
    qInfo("seam %.4f, steepest step inside %.4f; the photo's seam %.4f", seam, steepest(tiled),
          testsupport::meanAbsDifference(photo.col(size.width - 1), photo.col(0)));
    // Round the edge no steeper than the steepest step inside; the photo's own seam is 0.5.
    QVERIFY(seam <= steepest(tiled));
    QVERIFY(testsupport::meanAbsDifference(photo.col(size.width - 1), photo.col(0)) > 10 * seam);
    // Away from the edges the photo is itself.
    const int bandX = int(std::ceil(brushwork::kTileableBand * size.width));
    const int bandY = int(std::ceil(brushwork::kTileableBand * size.height));
    const cv::Rect middle(bandX, bandY, size.width - 2 * bandX, size.height - 2 * bandY);
    QCOMPARE(cv::norm(tiled(middle), photo(middle), cv::NORM_INF), 0.0);
    // An empty picture stays empty; a line or a single pixel is its own torus.
    QVERIFY(brushwork::tileable(cv::Mat()).empty());
    for (const cv::Size& thin : {cv::Size(1, 1), cv::Size(1, 7), cv::Size(9, 1), cv::Size(2, 3)}) {
        const cv::Mat small = photo(cv::Rect(cv::Point(20, 10), thin)).clone();
        QCOMPARE(brushwork::tileable(small).size(), thin);
    }
}

QTEST_APPLESS_MAIN(TestImage)
#include "tst_image.moc"
