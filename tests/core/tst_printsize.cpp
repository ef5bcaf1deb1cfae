// SPDX-License-Identifier: GPL-3.0-or-later
// Print sizes become the right pixels, and bad ones are refused by name.
#include "brushwork/error.h"
#include "brushwork/memorybudget.h"
#include "brushwork/printsize.h"
#include "testsupport.h"

#include <QtTest>

using namespace brushwork;

class TestPrintSize : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void papersBecomePixels_data();
    void papersBecomePixels();
    void orientationFollowsThePhoto();
    void presetsAreAllParseable();
    void effectiveDpiOfAResizedPicture();
    void upscaleIsReported();
    void badSizesAreRefused_data();
    void badSizesAreRefused();
    void byteSizes();
    void memoryPlanTilesOnlyWhenNeeded();
    void impossibleSizesAreRefusedWithAnEstimate();
    void picturesAreEstimatedFromTheirSizes();
};

void TestPrintSize::papersBecomePixels_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<double>("dpi");
    // A 3:2 landscape photo, 3000x2000.
    QTest::newRow("A3 at 300") << "A3@300" << 4960 << 3307 << 300.0;
    QTest::newRow("A4 default DPI") << "a4" << 3507 << 2338 << 300.0;
    QTest::newRow("cm") << "30x20cm@300" << 3543 << 2362 << 300.0;
    QTest::newRow("inches at 150") << "12x18in@150" << 2700 << 1800 << 150.0;
    QTest::newRow("pixels") << "4000px" << 4000 << 2667 << 0.0;
}

void TestPrintSize::papersBecomePixels()
{
    QFETCH(QString, text);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(double, dpi);
    const PrintFit fit = fitToPrint(parsePrintSize(text.toStdString()), 3000, 2000);
    QCOMPARE(fit.width, width);
    QCOMPARE(fit.height, height);
    QVERIFY2(std::abs(fit.effectiveDpi - dpi) < 0.5, qPrintable(QString::number(fit.effectiveDpi)));
}

void TestPrintSize::orientationFollowsThePhoto()
{
    // A portrait photo on A3 gets the paper's long side as its height.
    const PrintFit fit = fitToPrint(parsePrintSize("A3@300"), 2000, 3000);
    QCOMPARE(fit.height, 4960);
    QCOMPARE(fit.width, 3307);
}

void TestPrintSize::presetsAreAllParseable()
{
    for (const PrintPreset& preset : printPresets()) {
        const PrintSize parsed = parsePrintSize(preset.key);
        QCOMPARE(parsed.pixels, preset.size.pixels);
        QVERIFY(std::abs(parsed.widthInches - preset.size.widthInches) < 1e-9);
    }
    QCOMPARE(int(printPresets().size()), 6);
}

void TestPrintSize::effectiveDpiOfAResizedPicture()
{
    // 8x10 in: 2400 px on the long side of a 5:4 picture is 240 DPI.
    QVERIFY(std::abs(effectiveDpi(parsePrintSize("8x10in@300"), 2400, 1920) - 240.0) < 1e-9);
}

void TestPrintSize::upscaleIsReported()
{
    const PrintFit fit = fitToPrint(parsePrintSize("A2@300"), 1200, 800);
    QVERIFY(fit.upscale > kUpscaleWarning);
    QVERIFY(fitToPrint(parsePrintSize("A4@300"), 3000, 2000).upscale < kUpscaleWarning);
}

void TestPrintSize::badSizesAreRefused_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reason");
    QTest::newRow("unknown paper") << "A9" << "unknown paper";
    QTest::newRow("no unit") << "30x20" << "unknown paper";
    QTest::newRow("dpi not a number") << "A3@lots" << "number of DPI";
    QTest::newRow("dpi too high") << "A3@90000" << "between 10 and 4800";
    QTest::newRow("too many pixels") << "1000x1000in@300" << "65536";
    QTest::newRow("pixels with dpi") << "4000px@300" << "no DPI";
    QTest::newRow("empty") << "" << "unknown paper";
}

void TestPrintSize::badSizesAreRefused()
{
    QFETCH(QString, text);
    QFETCH(QString, reason);
    try {
        parsePrintSize(text.toStdString());
        QFAIL("accepted");
    } catch (const Error& error) {
        QCOMPARE(error.kind(), ErrorKind::Usage);
        QVERIFY2(QString::fromStdString(error.what()).contains(reason), error.what());
    }
}

void TestPrintSize::byteSizes()
{
    QCOMPARE(parseByteSize("6G"), 6ull << 30);
    QCOMPARE(parseByteSize("512m"), 512ull << 20);
    QCOMPARE(parseByteSize("1.5 GB"), 3ull << 29);
    QCOMPARE(parseByteSize("1000"), 1000ull);
    QVERIFY_THROWS_EXCEPTION(Error, parseByteSize("lots"));
    QVERIFY_THROWS_EXCEPTION(Error, parseByteSize("-1G"));
    QVERIFY_THROWS_EXCEPTION(Error, parseByteSize("G"));
    QCOMPARE(QString::fromStdString(formatBytes(3ull << 29)), QString("1.5 GB"));
}

void TestPrintSize::memoryPlanTilesOnlyWhenNeeded()
{
    const StyleParams params;
    const MemoryPlan small = planMemory(NetworkKind::Vgg19, false, params, 512, 384, 8ull << 30);
    QCOMPARE(small.tileSide, 0);
    QVERIFY(small.untiledBytes > (400ull << 20) && small.untiledBytes < (2ull << 30));
    // A 4096 px picture does not fit in 6 GB whole, but does in tiles.
    const MemoryPlan large = planMemory(NetworkKind::Vgg19, false, params, 4096, 2731, 6ull << 30);
    QVERIFY(large.untiledBytes > large.budget);
    QVERIFY(large.tileSide >= kMinimumTileSide && large.tileSide < 4096);
    QVERIFY(large.tiledBytes <= large.budget);
    // A tile size that is asked for is used even when the whole would fit.
    StyleParams tiled;
    tiled.tileSide = 96;
    QCOMPARE(planMemory(NetworkKind::Vgg19, false, tiled, 192, 128, 8ull << 30).tileSide, 96);
}

void TestPrintSize::impossibleSizesAreRefusedWithAnEstimate()
{
    try {
        planMemory(NetworkKind::Vgg19, false, StyleParams(), 8000, 6000, 200ull << 20);
        QFAIL("accepted");
    } catch (const Error& error) {
        QCOMPARE(error.kind(), ErrorKind::Resource);
        const QString message = QString::fromStdString(error.what());
        QVERIFY2(message.contains("GB") && message.contains("200 MB") && message.contains("allow more memory"),
                 error.what());
        // The remedy is named, not spelled as one front end's option.
        QCOMPARE(error.remedy(), Remedy::AllowMoreMemory);
        QVERIFY2(!message.contains("--"), error.what());
    }
}

// Hundreds of paintings, or a few huge ones, are refused from their headers
// before any is decoded: every one is held as float RGB, and the largest one
// needs its decoding on top.
void TestPrintSize::picturesAreEstimatedFromTheirSizes()
{
    const std::uint64_t held = (10000ull * 10000 + 100 * 100) * kPictureBytesPerPixel;
    const std::uint64_t bytes = loadedPicturesBytes({{10000, 10000}, {100, 100}});
    QVERIFY2(bytes > held && bytes < held + 10000ull * 10000 * 64, qPrintable(QString::number(bytes)));
    QCOMPARE(loadedPicturesBytes(std::vector<cv::Size>(64, {100, 100})) > 64 * 100 * 100 * kPictureBytesPerPixel, true);
    requireMemory("loading", bytes, bytes);
    try {
        requireMemory("loading the photo and 1 painting at full size", bytes, 1ull << 30);
        QFAIL("accepted");
    } catch (const Error& error) {
        QCOMPARE(error.kind(), ErrorKind::Resource);
        QCOMPARE(error.remedy(), Remedy::AllowMoreMemory);
        const QString message = QString::fromStdString(error.what());
        QVERIFY2(message.contains("at full size needs about " + QString::fromStdString(formatBytes(bytes))) &&
                     message.contains("only 1.0 GB may be used"),
                 error.what());
    }
}

QTEST_APPLESS_MAIN(TestPrintSize)
#include "tst_printsize.moc"
