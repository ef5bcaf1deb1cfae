// SPDX-License-Identifier: GPL-3.0-or-later
// The session logic the studio and the command line share: where a project's
// pictures are found, its 16-bit copies, the style-layer syntax and when an
// autosave is due.
#include "brushwork/autosavepolicy.h"
#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/layerspec.h"
#include "brushwork/project.h"
#include "testsupport.h"

#include <QtTest>

#include <filesystem>

using namespace brushwork;
namespace fs = std::filesystem;

class TestSessionLogic : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void picturesAreFoundBesideTheProjectOrAsTheirCopies();
    void copiesKeepSixteenBitsAndReopen();
    void styleLayersReadWeightsAndRoundTrip();
    void aBadStyleLayerWeightIsRefusedByName_data();
    void aBadStyleLayerWeightIsRefusedByName();
    void autosaveIsDueAtEveryScaleEndAndAfterTheInterval();
};

void TestSessionLogic::picturesAreFoundBesideTheProjectOrAsTheirCopies()
{
    const fs::path folder = fs::path(testsupport::scratchDir().toStdString()) / "locate";
    fs::create_directories(folder / "copies");
    const std::string project = (folder / "work.brushwork").string();
    saveImage((folder / "photo.png").string(), testsupport::makeContentImage(32, 32));

    QCOMPARE(locateProjectPicture(project, {"photo.png", "photo", "copies/photo.png"}), (folder / "photo.png").string());
    QCOMPARE(locateProjectPicture(project, {"gone.png", "gone", "copies/gone.png"}),
             (folder / "copies/gone.png").string());
    // A pasted picture never had a path: only its copy.
    QCOMPARE(locateProjectPicture(project, {"", "pasted", "copies/pasted.png"}), (folder / "copies/pasted.png").string());
    // Without a copy the original is named, so the error says which file is missing.
    QCOMPARE(locateProjectPicture(project, {"gone.png", "gone", ""}), (folder / "gone.png").string());
}

void TestSessionLogic::copiesKeepSixteenBitsAndReopen()
{
    const fs::path folder = fs::path(testsupport::scratchDir().toStdString()) / "copies";
    const std::string path = (folder / "work.brushwork").string();
    Project project;
    project.content = {"/nowhere/photo.png", "photo", {}};
    project.styles = {{"/nowhere/a.png", "a", {}}, {"/nowhere/b.png", "b", {}}};
    const cv::Mat content = testsupport::makeContentImage(48, 32);
    const std::vector<cv::Mat> styles = {testsupport::makeStyleImage(32, 32), testsupport::makeStyleImage(40, 40)};
    saveProjectCopies(path, "work-pictures", project, content, styles);
    saveProject(path, project);

    const Project reopened = loadProject(path);
    QCOMPARE(reopened.content.embedded, std::string("work-pictures/photo.png"));
    QCOMPARE(reopened.styles[1].embedded, std::string("work-pictures/painting-2.png"));
    const cv::Mat photo = loadImage(locateProjectPicture(path, reopened.content));
    // 8 bits would be up to 1/510 off; 16 bits keep it within 1/131070.
    QVERIFY(testsupport::meanAbsDifference(photo, content) < 1e-4);
    QCOMPARE(loadImage(locateProjectPicture(path, reopened.styles[1])).cols, 40);

    // Into the project's own folder ("" as the subfolder), as the autosave keeps them.
    Project flat = project;
    saveProjectCopies((folder / "flat.brushwork").string(), "", flat, content, styles);
    QCOMPARE(flat.content.embedded, std::string("photo.png"));
    QVERIFY(fs::exists(folder / "painting-1.png"));
}

void TestSessionLogic::styleLayersReadWeightsAndRoundTrip()
{
    const std::vector<LayerWeight> layers = parseStyleLayers(" relu1_1, relu2_1:0.5 ,,relu3_1:2e-1");
    QCOMPARE(layers.size(), std::size_t(3));
    QCOMPARE(layers[0].layer, std::string("relu1_1"));
    QCOMPARE(layers[0].weight, 1.0f);
    QCOMPARE(layers[1].weight, 0.5f);
    QCOMPARE(layers[2].weight, 0.2f);
    const std::vector<LayerWeight> again = parseStyleLayers(styleLayersText(layers));
    QCOMPARE(again.size(), layers.size());
    for (std::size_t i = 0; i < layers.size(); ++i) {
        QCOMPARE(again[i].layer, layers[i].layer);
        QCOMPARE(again[i].weight, layers[i].weight);
    }
    QVERIFY(parseStyleLayers("").empty());
}

void TestSessionLogic::aBadStyleLayerWeightIsRefusedByName_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("named");
    QTest::newRow("words") << "relu1_1,relu2_1:half" << "relu2_1:half";
    QTest::newRow("trailing junk") << "relu2_1:0.5x" << "relu2_1:0.5x";
    QTest::newRow("nothing after the colon") << "relu3_1:" << "relu3_1:";
    QTest::newRow("not finite") << "relu3_1:inf" << "relu3_1:inf";
    QTest::newRow("no layer") << ":0.5" << ":0.5";
}

void TestSessionLogic::aBadStyleLayerWeightIsRefusedByName()
{
    QFETCH(QString, text);
    QFETCH(QString, named);
    try {
        parseStyleLayers(text.toStdString());
        QFAIL("accepted");
    } catch (const Error& error) {
        QCOMPARE(error.kind(), ErrorKind::Usage);
        QVERIFY2(QString::fromStdString(error.reason()).contains(named), error.what());
    }
}

void TestSessionLogic::autosaveIsDueAtEveryScaleEndAndAfterTheInterval()
{
    using namespace std::chrono_literals;
    const AutosavePolicy::Clock::time_point start = AutosavePolicy::Clock::now();
    AutosavePolicy policy(10s);
    policy.saved(start);
    Progress frame;
    QVERIFY(!policy.due(frame, start + 9s));
    QVERIFY(policy.due(frame, start + 10s));
    frame.scaleDone = true;
    QVERIFY(policy.due(frame, start + 1s));
    policy.saved(start + 10s);
    frame.scaleDone = false;
    QVERIFY(!policy.due(frame, start + 15s));
}

QTEST_APPLESS_MAIN(TestSessionLogic)
#include "tst_sessionlogic.moc"
