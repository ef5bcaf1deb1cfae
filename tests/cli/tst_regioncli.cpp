// SPDX-License-Identifier: GPL-3.0-or-later
// --region, --seamless and `pattern` as scripts use them: every bad mask is
// refused with exit 3 and a message naming it; good ones paint.
#include "badinputfixture.h"
#include "brushwork/image.h"
#include "brushwork/project.h"
#include "clirunner.h"
#include "testsupport.h"

#include <QtTest>
#include <opencv2/imgproc.hpp>

#include <sys/stat.h>

using namespace badinput;
using nlohmann::json;

namespace {

QString writeMask(const QString& name, cv::Size size, const std::function<float(int x, int y)>& value)
{
    cv::Mat mask(size, CV_32FC3);
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x)
            mask.at<cv::Vec3f>(y, x) = cv::Vec3f::all(value(x, y));
    const QString path = dir() + "/" + name;
    brushwork::saveImage(path.toStdString(), mask);
    return path;
}

} // namespace

class TestRegionCli : public QObject, private BadInputFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void badMasksAreRefused_data();
    void badMasksAreRefused();
    void instantKeepsThePhotoInItsRegion();
    void renderPaintsRegions();
    void renderProjectWithRegionsReplacesTheProjects();
    void patternIsMadeAtItsSize();

private:
    QString mLeft; ///< white on the photo's left half
};

void TestRegionCli::initTestCase()
{
    writeInputs();
    mLeft = writeMask("left.png", {64, 48}, [](int x, int) { return x < 32 ? 1.0f : 0.0f; });
}

void TestRegionCli::badMasksAreRefused_data()
{
    QTest::addColumn<QString>("region");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");

    const QString square = writeMask("square.png", {32, 32}, [](int, int) { return 1.0f; });
    const QString black = writeMask("black.png", {32, 24}, [](int, int) { return 0.0f; });
    QByteArray png = readAll(mLeft);
    const QString damaged = dir() + "/damaged.png";
    writeAll(damaged, png.left(png.size() / 2));
    const QString fifo = dir() + "/fifo-mask.png";
    QFile::remove(fifo);
    QVERIFY(::mkfifo(fifo.toLocal8Bit().constData(), 0600) == 0);
    const QString decoy = headerOnlyPng("decoy-mask.png", 24);

    QTest::newRow("wrong aspect") << "1=" + square << 3 << "32 × 32 pixels, a different shape from the photo's 32 × 24";
    QTest::newRow("all black") << "1=" + black << 3 << "all black";
    QTest::newRow("damaged") << "photo=" + damaged << 3 << "damaged.png";
    QTest::newRow("FIFO") << "1=" + fifo << 3 << "pipe (FIFO) or socket, not a";
    QTest::newRow("decoy header") << "1=" + decoy << 3 << "decoy-mask.png";
    QTest::newRow("missing") << "1=" + dir() + "/none.png" << 3 << "none.png";
    QTest::newRow("painting 2 of 1") << "2=" + mLeft << 2 << "--region needs N=MASK (N a painting's number, 1 to 1)";
    QTest::newRow("no mask") << "photo=" << 2 << "--region needs N=MASK";
    QTest::newRow("a name") << "sky=" + mLeft << 2 << "--region needs N=MASK";
}

void TestRegionCli::badMasksAreRefused()
{
    QFETCH(QString, region);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const QString out = dir() + "/refused.png";
    for (const QString& command : {QString("render"), QString("instant")}) {
        QStringList args{command, mPhoto, mPainting, "-o", out, "--region", region, "--size", "32"};
        if (command == "render")
            args << "--weights" << mWeights << "--threads" << "1" << "--iterations" << "2";
        const testsupport::CliOutcome outcome = testsupport::runCli(args, QProcessEnvironment::systemEnvironment(), 30000);
        QVERIFY2(outcome.exitCode == exitCode, qPrintable(command + ": " + outcome.err));
        QVERIFY2(outcome.err.contains(message), qPrintable(command + ": " + outcome.err));
        QVERIFY(!QFile::exists(out));
    }
}

void TestRegionCli::instantKeepsThePhotoInItsRegion()
{
    const QString out = dir() + "/instant-kept.png";
    const testsupport::CliOutcome outcome = testsupport::runCli(
        {"instant", mPhoto, mPainting, "-o", out, "--region", "photo=" + mLeft, "--size", "32", "--threads", "1"});
    QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));
    const cv::Mat painted = brushwork::loadImage(out.toStdString());
    const cv::Mat photo = brushwork::loadImage(mPhoto.toStdString());
    // Away from the feathered edge the kept half is the photo.
    const cv::Rect kept(0, 0, 12, 24);
    const cv::Rect other(20, 0, 12, 24);
    const double keptDifference = testsupport::meanAbsDifference(painted(kept), photo(kept));
    const double otherDifference = testsupport::meanAbsDifference(painted(other), photo(other));
    qInfo("kept %.4f, painted %.4f from the photo", keptDifference, otherDifference);
    QVERIFY(keptDifference < 2.0 / 255);
    QVERIFY(otherDifference > 10 * keptDifference);
}

void TestRegionCli::renderPaintsRegions()
{
    const QString out = dir() + "/render-regions.png";
    const testsupport::CliOutcome outcome =
        testsupport::runCli({"render", mPhoto, mPainting, mPainting, "-o", out, "--region", "1=" + mLeft, "--region",
                             "photo=" + mLeft, "--weights", mWeights, "--threads", "1", "--size", "32",
                             "--iterations", "5", "--init", "content"});
    QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));
    QCOMPARE(brushwork::loadImage(out.toStdString()).size(), cv::Size(32, 24));
}

void TestRegionCli::renderProjectWithRegionsReplacesTheProjects()
{
    const QStringList run = {"--weights", mWeights, "--threads", "1", "--size", "32", "--iterations", "2"};
    const QString first = dir() + "/nft-first";
    const testsupport::CliOutcome painted = testsupport::runCli(
        QStringList{"render", mPhoto, mPainting, "--region", "1=" + mLeft, "--nft", first, "--overwrite"} + run);
    QVERIFY2(painted.exitCode == 0, qPrintable(painted.err));
    const QString project = first + "/recipe.brushwork";
    QCOMPARE(brushwork::loadProject(project.toStdString()).params.weights.regions.at(0).painting, 0);

    const QString second = dir() + "/nft-second";
    const testsupport::CliOutcome again = testsupport::runCli(
        QStringList{"render", "--project", project, "--region", "photo=" + mLeft, "--nft", second, "--overwrite"} +
        run);
    QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    const QString recipe = second + "/recipe.brushwork";
    const std::vector<brushwork::Region> regions =
        brushwork::loadProject(recipe.toStdString()).params.weights.regions;
    QCOMPARE(regions.size(), std::size_t(1));
    QCOMPARE(regions[0].painting, brushwork::Region::kKeepPhoto);
    // The metadata names the region and the mask the recipe beside it keeps.
    const json metadata = json::parse(readAll(second + "/metadata.json").toStdString());
    const json kept = json::parse(readAll(recipe).toStdString())["params"]["regions"][0];
    std::map<std::string, json> traits;
    for (const json& trait : metadata["attributes"])
        traits[trait["trait_type"].get<std::string>()] = trait["value"];
    QCOMPARE(traits["Region 1"], json("Keep the photo"));
    QCOMPARE(traits["Region 1 mask SHA-256"], kept["mask"]["sha256"]);
}

void TestRegionCli::patternIsMadeAtItsSize()
{
    const QString out = dir() + "/pattern.png";
    const testsupport::CliOutcome outcome =
        testsupport::runCli({"pattern", mPainting, "-o", out, "--size", "48x40", "--seamless", "--weights", mWeights,
                             "--threads", "1", "--iterations", "5"});
    QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));
    QCOMPARE(brushwork::loadImage(out.toStdString()).size(), cv::Size(48, 40));
    const testsupport::CliOutcome noSize = testsupport::runCli({"pattern", mPainting, "-o", out + "2.png"});
    QCOMPARE(noSize.exitCode, 2);
    QVERIFY(noSize.err.contains("--size W or WxH"));
}

QTEST_GUILESS_MAIN(TestRegionCli)
#include "tst_regioncli.moc"
