// SPDX-License-Identifier: GPL-3.0-or-later
// Regions in collection plans (issue 24): a plan's regions round-trip, its
// pieces are painted with them, their masks are checked as --region's are
// (a bad one refused with exit 3 before anything renders), and the recipe
// and the minted metadata name each mask with its SHA-256.
#include "brushwork/collection.h"
#include "brushwork/image.h"
#include "brushwork/project.h"
#include "brushwork/sha256.h"
#include "clirunner.h"
#include "collectionfixture.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QtTest>

#include <functional>

using nlohmann::json;
using namespace collectionfixture;

namespace {

QString writeMask(const QString& path, cv::Size size, const std::function<float(int x)>& value)
{
    cv::Mat mask(size, CV_32FC3);
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x)
            mask.at<cv::Vec3f>(y, x) = cv::Vec3f::all(value(x));
    brushwork::saveImage(path.toStdString(), mask);
    return path;
}

/// The photo's left half kept, the right half in the piece's painting.
json twoRegions(const std::string& left, const std::string& right)
{
    return json::array({{{"painting", "photo"}, {"mask", left}}, {{"painting", 1}, {"mask", right}, {"strength", 2.5}}});
}

/// The value of the attribute `type` in minted metadata, or null.
json attribute(const json& metadata, const std::string& type)
{
    for (const json& entry : metadata["attributes"])
        if (entry["trait_type"] == type)
            return entry["value"];
    return nullptr;
}

} // namespace

class TestRegionPlans : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aPlanWithTwoRegionsRoundTrips();
    void anInstantPieceIsPaintedWithItsRegions();
    void anOptimizedPieceKeepsItsRegionsAndTheMintListsThem();
    void badMasksInAPlanAreRefused_data();
    void badMasksInAPlanAreRefused();
    void batchNewTakesRegions();

private:
    QString mFolder;
    QString mLeft;
    QString mRight;
};

void TestRegionPlans::initTestCase()
{
    mFolder = freshFolder("region-plans");
    QVERIFY(QDir().mkpath(mFolder + "/masks"));
    mLeft = writeMask(mFolder + "/masks/left.png", {64, 48}, [](int x) { return x < 32 ? 1.0f : 0.0f; });
    mRight = writeMask(mFolder + "/masks/right.png", {32, 24}, [](int x) { return x < 16 ? 0.0f : 1.0f; });
}

void TestRegionPlans::aPlanWithTwoRegionsRoundTrips()
{
    json piece = instantPiece("a", photo(), painting());
    piece["regions"] = twoRegions("masks/left.png", "masks/right.png");
    const QString plan = writePlan(mFolder + "/round-trip.json", json::array({piece}));
    const brushwork::CollectionPlan read = brushwork::loadPlan(plan.toStdString());
    QVERIFY(read.pieces.at(0).regions);
    const std::vector<brushwork::PlanRegion>& regions = *read.pieces[0].regions;
    QCOMPARE(regions.size(), std::size_t(2));
    QCOMPARE(regions[0].painting, brushwork::Region::kKeepPhoto);
    QCOMPARE(QString::fromStdString(regions[0].mask), mLeft); // relative to the plan
    QCOMPARE(regions[1].painting, 0);
    QCOMPARE(regions[1].strength, 2.5f);

    const brushwork::CollectionPlan again =
        brushwork::planFromJson(brushwork::planToJson(read), "again.json", mFolder.toStdString());
    QVERIFY(again.pieces.at(0).regions && again.pieces[0].regions->size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
        QCOMPARE((*again.pieces[0].regions)[i].painting, regions[i].painting);
        QCOMPARE((*again.pieces[0].regions)[i].mask, regions[i].mask);
        QCOMPARE((*again.pieces[0].regions)[i].strength, regions[i].strength);
    }
    // Expanded, each region names its mask's SHA-256, and the plan of the
    // pieces (the manifest) keeps it.
    const auto pieces = brushwork::expandPlan(again, "again.json");
    QCOMPARE(pieces.at(0).regions.at(0).sha256, brushwork::sha256File(mLeft.toStdString()));
    QCOMPARE(pieces.at(0).regions.at(1).sha256, brushwork::sha256File(mRight.toStdString()));
    const auto manifest = brushwork::planFromJson(brushwork::planToJson(brushwork::planOfPieces("", pieces)),
                                                  "manifest.json", "/");
    QCOMPARE(manifest.pieces.at(0).regions->at(1).sha256, pieces[0].regions[1].sha256);
}

void TestRegionPlans::anInstantPieceIsPaintedWithItsRegions()
{
    const QString dir = freshFolder("region-plans-instant");
    json piece = instantPiece("kept", photo(), painting());
    piece["regions"] = twoRegions(mLeft.toStdString(), mRight.toStdString());
    const QString plan = writePlan(mFolder + "/instant.json", json::array({piece}));
    const testsupport::CliOutcome run = testsupport::runCli({"batch", "run", plan, "-o", dir, "--threads", "1"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const cv::Mat painted = brushwork::loadImage((dir + "/images/kept.png").toStdString());
    const cv::Mat original = brushwork::loadImage(photo().toStdString());
    QCOMPARE(painted.size(), original.size());
    // Away from the feathered edge the kept half is the photo.
    const cv::Rect kept(0, 0, 12, 24);
    const cv::Rect other(20, 0, 12, 24);
    const double keptDifference = testsupport::meanAbsDifference(painted(kept), original(kept));
    const double otherDifference = testsupport::meanAbsDifference(painted(other), original(other));
    qInfo("kept %.4f, painted %.4f from the photo", keptDifference, otherDifference);
    QVERIFY(keptDifference < 2.0 / 255);
    QVERIFY(otherDifference > 10 * keptDifference);
}

void TestRegionPlans::anOptimizedPieceKeepsItsRegionsAndTheMintListsThem()
{
    const QString dir = freshFolder("region-plans-optimize");
    json piece = instantPiece("painted", photo(), painting(),
                              {{"weights", testsupport::randomWeightsPath(brushwork::NetworkKind::SqueezeNet).toStdString()},
                               {"iterations", 2},
                               {"first_scale", 32}});
    piece["method"] = "optimize";
    piece["regions"] = twoRegions(mLeft.toStdString(), mRight.toStdString());
    const QString plan = writePlan(mFolder + "/optimize.json", json::array({piece}));
    const testsupport::CliOutcome run = testsupport::runCli({"batch", "run", plan, "-o", dir, "--threads", "1"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    // The recipe that paints it again holds both regions' masks.
    const brushwork::Project recipe = brushwork::loadProject((dir + "/images/painted.brushwork").toStdString());
    const std::vector<brushwork::Region>& regions = recipe.params.weights.regions;
    QCOMPARE(regions.size(), std::size_t(2));
    QCOMPARE(regions[0].painting, brushwork::Region::kKeepPhoto);
    QCOMPARE(regions[1].painting, 0);
    QCOMPARE(regions[1].strength, 2.5f);
    QCOMPARE(cv::countNonZero(regions[0].mask > 0.5), 64 * 48 / 2);

    const testsupport::CliOutcome mint = testsupport::runCli({"batch", "mint", dir, "--name", "Halves"});
    QVERIFY2(mint.exitCode == 0, qPrintable(mint.err));
    QFile file(dir + "/mint/metadata/1.json");
    QVERIFY(file.open(QIODevice::ReadOnly));
    const json metadata = json::parse(file.readAll().toStdString());
    QCOMPARE(attribute(metadata, "Region 1"), json("Keep the photo"));
    QCOMPARE(attribute(metadata, "Region 1 mask SHA-256"), json(brushwork::sha256File(mLeft.toStdString())));
    QCOMPARE(attribute(metadata, "Region 2"), json("painting"));
    QCOMPARE(attribute(metadata, "Region 2 strength"), json(2.5));
    QCOMPARE(attribute(metadata, "Region 2 mask SHA-256"), json(brushwork::sha256File(mRight.toStdString())));
}

void TestRegionPlans::badMasksInAPlanAreRefused_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("mask");
    QTest::addColumn<QString>("sha256");
    QTest::addColumn<QString>("message");

    const QString square = writeMask(mFolder + "/masks/square.png", {32, 32}, [](int) { return 1.0f; });
    const QString black = writeMask(mFolder + "/masks/black.png", {32, 24}, [](int) { return 0.0f; });
    const QString damaged = mFolder + "/masks/damaged.png";
    writeFile(damaged, readFile(mLeft).left(100));
    const QString fifo = mFolder + "/masks/fifo.png";
    makeFifo(fifo);
    QTest::newRow("wrong aspect") << "instant" << "1" << square << "" << "a different shape from the photo's 32 × 24";
    QTest::newRow("all black") << "instant" << "photo" << black << "" << "all black";
    QTest::newRow("damaged") << "instant" << "1" << damaged << "" << "damaged.png";
    QTest::newRow("FIFO") << "instant" << "1" << fifo << "" << "fifo.png";
    QTest::newRow("missing") << "instant" << "1" << mFolder + "/masks/none.png" << "" << "does not exist";
    QTest::newRow("painting 2 of 1") << "instant" << "2" << mLeft << "" << "is for painting 2, but the piece has 1";
    QTest::newRow("changed") << "instant" << "1" << mLeft << QString(64, '0') << "has changed since the plan named it";
    QTest::newRow("fast") << "fast" << "1" << mLeft << "" << "cannot paint regions";
}

void TestRegionPlans::badMasksInAPlanAreRefused()
{
    QFETCH(QString, method);
    QFETCH(QString, who);
    QFETCH(QString, mask);
    QFETCH(QString, sha256);
    QFETCH(QString, message);
    const QString dir = freshFolder("region-plans-refused");
    json region = {{"painting", who == "photo" ? json("photo") : json(who.toInt())}, {"mask", mask.toStdString()}};
    if (!sha256.isEmpty())
        region["sha256"] = sha256.toStdString();
    json piece = instantPiece("bad", photo(), painting());
    piece["method"] = method.toStdString();
    if (method == "fast")
        piece["model"] = painting().toStdString(); // refused for its regions before it is read
    piece["regions"] = json::array({region});
    const QString plan = writePlan(mFolder + "/refused.json", json::array({piece}));
    const testsupport::CliOutcome run =
        testsupport::runCli({"batch", "run", plan, "-o", dir}, QProcessEnvironment::systemEnvironment(), 30000);
    QVERIFY2(run.exitCode == 3, qPrintable(run.err));
    for (const QString& named : {QString("refused.json"), QString("piece \"bad\""), message})
        QVERIFY2(run.err.contains(named), qPrintable(named + " not in: " + run.err));
    if (method != "fast")
        QVERIFY2(run.err.contains(QFileInfo(mask).fileName()), qPrintable(run.err));
    QVERIFY(!QFile::exists(dir + "/manifest.json"));
}

void TestRegionPlans::batchNewTakesRegions()
{
    const QString plan = mFolder + "/new.json";
    const QString black = writeMask(mFolder + "/masks/new-black.png", {32, 24}, [](int) { return 0.0f; });
    const testsupport::CliOutcome refused = testsupport::runCli(
        {"batch", "new", "--photos", photo(), "--paintings", painting(), "--method", "instant", "--region",
         "photo=" + black, "-o", plan});
    QVERIFY2(refused.exitCode == 3 && refused.err.contains("new-black.png") && refused.err.contains("all black"),
             qPrintable(refused.err));
    QVERIFY(!QFile::exists(plan));
    const testsupport::CliOutcome made = testsupport::runCli({"batch", "new", "--photos", photo(), "--paintings",
                                                              painting(), "--method", "instant", "--region",
                                                              "photo=" + mLeft, "--region", "1=" + mRight, "-o", plan});
    QVERIFY2(made.exitCode == 0, qPrintable(made.err));
    const auto pieces = brushwork::expandPlan(brushwork::loadPlan(plan.toStdString()), plan.toStdString());
    QCOMPARE(pieces.at(0).regions.size(), std::size_t(2));
    QCOMPARE(QString::fromStdString(pieces[0].regions[1].mask), mRight);
    QCOMPARE(pieces[0].regions[1].painting, 0);
}

QTEST_GUILESS_MAIN(TestRegionPlans)
#include "tst_regionplans.moc"
