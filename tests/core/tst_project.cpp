// SPDX-License-Identifier: GPL-3.0-or-later
// Project files round-trip and refuse damage by name; the minting folder
// holds valid metadata whose checksums match.
#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/nftpackage.h"
#include "brushwork/project.h"
#include "brushwork/sha256.h"
#include "testsupport.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

using namespace brushwork;
using nlohmann::json;

namespace {

Project sampleProject()
{
    Project project;
    project.content = {"/photos/cat.png", "cat", {}};
    project.styles = {{"/paintings/starry.jpg", "starry", {}}, {"waves.png", "waves", "embedded/waves.png"}};
    project.params.size = 777;
    project.params.iterations = 321;
    project.params.weights = {2.5f, 40.0f, 0.5f, {0.25f, 0.75f}, {}};
    project.params.seed = 123456789012ull;
    project.params.styleLayers = {{"relu1_1", 1.0f}, {"relu3_1", 0.5f}};
    project.params.contentLayers = {"relu4_2"};
    project.params.pooling = Pooling::Average;
    project.params.colour = ColourMode::Luminance;
    project.params.tileSide = 512;
    project.params.previewSize = 384;
    project.params.init = InitKind::Instant;
    project.params.stopAtPlateau = true;
    project.params.plateau = {12, 0.005f};
    project.network = "vgg19";
    project.weightsSha256 = std::string(64, 'a');
    project.result = "cat.result.png";
    project.printSize = "A3@300";
    project.dpi = 300;
    return project;
}

Project instantProject()
{
    Project project = sampleProject();
    InstantRecipe instant;
    instant.network = kAnyPaintingNetwork;
    instant.networkSha256 = std::string(64, 'b');
    instant.strength = 0.625f;
    for (int i = 0; i < 100; ++i)
        instant.styleVector.push_back(float(i) / 64 - 0.75f);
    project.instant = instant;
    return project;
}

/// sampleProject() with a soft region of painting 2, a kept photo region and seamless on.
Project regionProject()
{
    Project project = sampleProject();
    cv::Mat soft(30, 40, CV_32FC1);
    for (int y = 0; y < soft.rows; ++y)
        for (int x = 0; x < soft.cols; ++x)
            soft.at<float>(y, x) = float((x * 7 + y * 3) % 256) / 255.0f;
    cv::Mat face(30, 40, CV_32FC1, cv::Scalar(0));
    face(cv::Rect(10, 5, 12, 9)).setTo(1);
    project.params.weights.regions = {{1, soft, 0.5f}, {Region::kKeepPhoto, face, 1.0f}};
    project.params.seamless = true;
    return project;
}

std::map<std::string, json> traitsOf(const json& metadata)
{
    std::map<std::string, json> traits;
    for (const json& attribute : metadata["attributes"])
        traits[attribute["trait_type"].get<std::string>()] = attribute["value"];
    return traits;
}

std::string readText(const std::string& path)
{
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

} // namespace

class TestProject : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripsEveryParameter();
    void instantRecipeRoundTrips();
    void regionsRoundTripLosslessly();
    void olderProjectsKeepTheirPlateauRule();
    void aClipsFrameRoundTripsAsFormat2();
    void damagedProjectsAreRefusedByName_data();
    void damagedProjectsAreRefusedByName();
    void newerVersionIsRefused();
    void nftFolderHasValidMetadataAndMatchingChecksums();
    void nftOfInstantPictureNamesItsNetwork();
    void nftIntoUnwritableFolderFails();
    void sha256MatchesKnownValue();
};

void TestProject::roundTripsEveryParameter()
{
    const Project original = sampleProject();
    const QString path = testsupport::scratchDir() + "/round.brushwork";
    saveProject(path.toStdString(), original);
    const Project read = loadProject(path.toStdString());
    QCOMPARE(read.content.path, original.content.path);
    QCOMPARE(read.styles.size(), std::size_t(2));
    QCOMPARE(read.styles[1].embedded, std::string("embedded/waves.png"));
    QCOMPARE(read.params.size, 777);
    QCOMPARE(read.params.iterations, 321);
    QCOMPARE(read.params.weights.content, 2.5f);
    QCOMPARE(read.params.weights.style, 40.0f);
    QCOMPARE(read.params.weights.tv, 0.5f);
    QCOMPARE(read.params.weights.styleBlend, (std::vector<float>{0.25f, 0.75f}));
    QCOMPARE(*read.params.seed, 123456789012ull);
    QCOMPARE(read.params.styleLayers.size(), std::size_t(2));
    QCOMPARE(read.params.styleLayers[1].weight, 0.5f);
    QCOMPARE(read.params.contentLayers, std::vector<std::string>{"relu4_2"});
    QCOMPARE(read.params.pooling, Pooling::Average);
    QCOMPARE(read.params.colour, ColourMode::Luminance);
    QCOMPARE(read.params.tileSide, 512);
    QCOMPARE(read.params.previewSize, 384);
    QCOMPARE(read.params.init, InitKind::Instant);
    QVERIFY(read.params.stopAtPlateau);
    QCOMPARE(read.params.plateau.window, 12);
    QCOMPARE(read.params.plateau.tolerance, 0.005f);
    QCOMPARE(json::parse(readText(path.toStdString()))["params"]["init"], json("instant"));
    QCOMPARE(read.weightsSha256, original.weightsSha256);
    QCOMPARE(read.printSize, std::string("A3@300"));
    QCOMPARE(read.dpi, 300.0);
    // Writing what was read gives the same file.
    QCOMPARE(projectToJson(read), projectToJson(original));
}

void TestProject::instantRecipeRoundTrips()
{
    const Project original = instantProject();
    const Project read = projectFromJson(projectToJson(original), "instant.brushwork");
    QVERIFY(read.instant);
    QCOMPARE(read.instant->network, std::string(kAnyPaintingNetwork));
    QCOMPARE(read.instant->networkSha256, std::string(64, 'b'));
    QCOMPARE(read.instant->strength, 0.625f);
    QCOMPARE(read.instant->styleVector, original.instant->styleVector);
    QCOMPARE(projectToJson(read), projectToJson(original));
    // A picture painted by the optimisation has no instant recipe, and its file says nothing of one.
    QVERIFY(!projectFromJson(projectToJson(sampleProject()), "plain.brushwork").instant);
    QVERIFY(!json::parse(projectToJson(sampleProject())).contains("instant"));
}

void TestProject::regionsRoundTripLosslessly()
{
    const Project original = regionProject();
    const Project read = projectFromJson(projectToJson(original), "regions.brushwork");
    QVERIFY(read.params.seamless);
    QCOMPARE(read.params.weights.regions.size(), std::size_t(2));
    for (std::size_t r = 0; r < 2; ++r) {
        const Region& was = original.params.weights.regions[r];
        const Region& is = read.params.weights.regions[r];
        QCOMPARE(is.painting, was.painting);
        QCOMPARE(is.strength, was.strength);
        QCOMPARE(is.mask.size(), was.mask.size());
        // 8-bit grey levels come back to float precision (16-bit PNG).
        QVERIFY(cv::norm(is.mask, was.mask, cv::NORM_INF) < 1e-6);
    }
    // Projects from before regions have none, and are not seamless.
    const Project older = projectFromJson(projectToJson(sampleProject()), "older.brushwork");
    QVERIFY(older.params.weights.regions.empty());
    QVERIFY(!older.params.seamless);
    QVERIFY(!json::parse(projectToJson(sampleProject()))["params"].contains("regions"));
}

void TestProject::olderProjectsKeepTheirPlateauRule()
{
    // Saved before the rule was kept: they stopped at 1% over 20 evaluations,
    // and their recipe must stop at the same iteration again.
    json root = json::parse(projectToJson(sampleProject()));
    root["params"].erase("plateau");
    const Project read = projectFromJson(root.dump(), "older.brushwork");
    QVERIFY(read.params.stopAtPlateau);
    QCOMPARE(read.params.plateau.window, 20);
    QCOMPARE(read.params.plateau.tolerance, 0.01f);
    // They painted every size from scratch: no smaller preview to grow from.
    root["params"].erase("preview_size");
    QCOMPARE(projectFromJson(root.dump(), "older.brushwork").params.previewSize, 777);
}

void TestProject::aClipsFrameRoundTripsAsFormat2()
{
    // A still's project stays format 1, which older Brushworks read.
    QCOMPARE(json::parse(projectToJson(sampleProject()))["version"], json(1));
    QVERIFY(!json::parse(projectToJson(sampleProject()))["content"].contains("frame"));
    QCOMPARE(projectFromJson(projectToJson(sampleProject()), "still.brushwork").contentFrame, 0);
    Project clip = sampleProject();
    clip.content = {"/clips/pan.gif", "pan", "pan-pictures/photo.png"};
    clip.contentFrame = 4;
    const json root = json::parse(projectToJson(clip));
    QCOMPARE(root["version"], json(2));
    QCOMPARE(root["content"]["frame"], json(4));
    QCOMPARE(root["content"]["path"], json("/clips/pan.gif"));
    QCOMPARE(projectFromJson(root.dump(), "clip.brushwork").contentFrame, 4);
    // Its photo is the clip's frame while the clip is there, else the copy of that frame.
    const std::string folder = testsupport::scratchDir().toStdString() + "/clip-project";
    std::filesystem::create_directories(folder);
    clip.content.path = "pan.gif";
    std::ofstream(folder + "/pan.gif") << "GIF89a";
    QCOMPARE(locateProjectPhoto(folder + "/clip.brushwork", clip).path, folder + "/pan.gif");
    QCOMPARE(locateProjectPhoto(folder + "/clip.brushwork", clip).frame, 4);
    clip.contentFrame = 0; // saved before frames were kept: the clip's first, where clips are read
    QCOMPARE(locateProjectPhoto(folder + "/clip.brushwork", clip, [](const std::string&) { return true; }).frame, 1);
    QCOMPARE(locateProjectPhoto(folder + "/clip.brushwork", clip).frame, 0);
    clip.contentFrame = 4;
    QVERIFY(std::filesystem::remove(folder + "/pan.gif"));
    QCOMPARE(locateProjectPhoto(folder + "/clip.brushwork", clip).path, folder + "/pan-pictures/photo.png");
    QCOMPARE(locateProjectPhoto(folder + "/clip.brushwork", clip).frame, 0);
}

void TestProject::damagedProjectsAreRefusedByName_data()
{
    QTest::addColumn<QString>("edit");
    QTest::addColumn<QString>("named");
    QTest::newRow("not JSON") << "garbage" << "not valid JSON";
    QTest::newRow("truncated") << "truncate" << "not valid JSON";
    QTest::newRow("not an object") << "array" << "not a JSON object";
    QTest::newRow("another format") << "/format=\"photoshop\"" << "not a Brushwork project";
    QTest::newRow("missing params") << "-params" << "\"params\" is missing";
    QTest::newRow("missing size") << "-params.size" << "\"params.size\" is missing";
    QTest::newRow("size is text") << "/params.size=\"big\"" << "\"params.size\" should be a number";
    QTest::newRow("size out of range") << "/params.size=0" << "\"params.size\" is out of range";
    QTest::newRow("fractional iterations") << "/params.iterations=2.5" << "whole number";
    QTest::newRow("negative weight") << "/params.weights.style=-1" << "\"params.weights.style\" is out of range";
    QTest::newRow("blend of wrong length") << "/params.weights.blend=[1]" << "1 numbers for 2 styles";
    QTest::newRow("unknown optimizer") << "/params.optimizer=\"sgd\"" << "unknown value \"sgd\"";
    QTest::newRow("unknown start") << "/params.init=\"instantly\"" << "unknown value \"instantly\"";
    QTest::newRow("styles not a list") << "/styles={}" << "\"styles\" should be a list";
    QTest::newRow("no styles") << "/styles=[]" << "\"styles\" is empty";
    QTest::newRow("frame 0 of a clip") << "/content.frame=0" << "\"content.frame\" is out of range";
    QTest::newRow("style without path") << "-styles.0.path" << "\"styles[0].path\" is missing";
    QTest::newRow("plateau tolerance of 5") << "/params.plateau.tolerance=5" << "\"params.plateau.tolerance\" is out of range";
    QTest::newRow("plateau without window") << "-params.plateau.window" << "\"params.plateau.window\" is missing";
    QTest::newRow("negative seed") << "/params.seed=-4" << "\"params.seed\" should be a whole number";
    QTest::newRow("unknown network") << "/network=\"resnet\"" << "unknown value \"resnet\"";
    QTest::newRow("version is text") << "/version=\"one\"" << "\"version\" should be a number";
    QTest::newRow("instant without network") << "-instant.network" << "\"instant.network\" is missing";
    QTest::newRow("instant strength over 1") << "/instant.strength=1.5" << "\"instant.strength\" is out of range";
    QTest::newRow("short style vector") << "/instant.style_vector=[1,2]" << "should hold 100 numbers, not 2";
    QTest::newRow("region of painting 3") << "/params.regions.0.painting=3" << "\"params.regions[0].painting\" should be";
    QTest::newRow("region mask damaged") << "/params.regions.1.mask.png=\"iVBORw0K\"" << "does not match its checksum";
    QTest::newRow("region mask not base64") << "/params.regions.1.mask.png=\"%%\"" << "is not a base64 picture";
    QTest::newRow("region without mask") << "-params.regions.0.mask" << "\"params.regions[0]\" should be a region";
    QTest::newRow("infinite style number") << "/instant.style_vector/3=1e39" << "between -1e6 and 1e6";
}

void TestProject::damagedProjectsAreRefusedByName()
{
    QFETCH(QString, edit);
    QFETCH(QString, named);
    json root = json::parse(projectToJson(sampleProject()));
    std::string text;
    auto pointer = [](std::string dotted) {
        std::replace(dotted.begin(), dotted.end(), '.', '/');
        return json::json_pointer("/" + dotted);
    };
    if (edit.contains("instant"))
        root = json::parse(projectToJson(instantProject()));
    if (edit.contains("regions"))
        root = json::parse(projectToJson(regionProject()));
    const std::string e = edit.toStdString();
    if (e == "garbage")
        text = "{ this is not json";
    else if (e == "truncate")
        text = root.dump().substr(0, 200);
    else if (e == "array")
        text = "[1, 2, 3]";
    else if (e[0] == '-') {
        const json::json_pointer where = pointer(e.substr(1));
        root[where.parent_pointer()].erase(where.back());
        text = root.dump();
    } else {
        const auto equals = e.find('=');
        root[pointer(e.substr(1, equals - 1))] = json::parse(e.substr(equals + 1));
        text = root.dump();
    }
    try {
        projectFromJson(text, "broken.brushwork");
        QFAIL("accepted");
    } catch (const Error& error) {
        QCOMPARE(error.kind(), ErrorKind::BadInput);
        const QString message = QString::fromStdString(error.what());
        QVERIFY2(message.contains(named) && message.contains("broken.brushwork"), error.what());
    }
}

void TestProject::nftOfInstantPictureNamesItsNetwork()
{
    const QString folder = testsupport::scratchDir() + "/mint/instant";
    const NftPackage package = writeNftPackage(folder.toStdString(), testsupport::makeContentImage(48, 32),
                                               instantProject());
    const json metadata = json::parse(readText(package.metadata));
    std::map<std::string, json> traits = traitsOf(metadata);
    QCOMPARE(traits["Method"].get<std::string>(), std::string("Instant"));
    QCOMPARE(traits["Instant network"].get<std::string>(), std::string(kAnyPaintingNetwork));
    QCOMPARE(traits["Style strength"].get<double>(), 0.625);
    QVERIFY(metadata["description"].get<std::string>().find("arbitrary-style network") != std::string::npos);
    // The recipe beside it keeps the style vector that painted the picture.
    const Project recipe = loadProject(package.recipe);
    QVERIFY(recipe.instant);
    QCOMPARE(recipe.instant->styleVector, instantProject().instant->styleVector);

    const NftPackage optimised = writeNftPackage((folder + "-optimised").toStdString(),
                                                 testsupport::makeContentImage(48, 32), sampleProject());
    QCOMPARE(traitsOf(json::parse(readText(optimised.metadata)))["Method"].get<std::string>(),
             std::string("Optimisation"));
}

void TestProject::newerVersionIsRefused()
{
    json root = json::parse(projectToJson(sampleProject()));
    root["version"] = kProjectVersion + 1;
    try {
        projectFromJson(root.dump(), "future.brushwork");
        QFAIL("accepted");
    } catch (const Error& error) {
        QVERIFY2(QString::fromStdString(error.what()).contains("newer Brushwork"), error.what());
    }
}

void TestProject::nftFolderHasValidMetadataAndMatchingChecksums()
{
    const QString folder = testsupport::scratchDir() + "/mint/cat";
    Project recipe = sampleProject();
    recipe.dpi = 300;
    const cv::Mat picture = testsupport::makeContentImage(60, 40);
    const NftPackage package = writeNftPackage(folder.toStdString(), picture, recipe);

    const json metadata = json::parse(readText(package.metadata));
    // ERC-721's metadata schema: name, description and image are strings.
    for (const char* key : {"name", "description", "image"})
        QVERIFY2(metadata.contains(key) && metadata[key].is_string() && !metadata[key].get<std::string>().empty(), key);
    QCOMPARE(metadata["image"].get<std::string>(), std::string("image.png"));
    QVERIFY(metadata["name"].get<std::string>().find("cat") != std::string::npos);
    std::map<std::string, json> traits;
    for (const json& attribute : metadata["attributes"]) {
        QVERIFY(attribute["trait_type"].is_string());
        QVERIFY(attribute.contains("value"));
        traits[attribute["trait_type"].get<std::string>()] = attribute["value"];
    }
    QCOMPARE(traits["Seed"].get<std::uint64_t>(), 123456789012ull);
    QCOMPARE(traits["Iterations"].get<int>(), 321);
    QCOMPARE(traits["Size"].get<std::string>(), std::string("60x40"));
    QCOMPARE(traits["Style weight"].get<double>(), 40.0);
    QCOMPARE(traits["Network weights SHA-256"].get<std::string>(), std::string(64, 'a'));
    QVERIFY(traits["Engine"].get<std::string>().rfind("Brushwork ", 0) == 0);
    QVERIFY(traits.count("Blend of starry") && traits.count("Blend of waves"));

    // SHA256SUMS names each file with its real checksum.
    const std::string sums = readText(package.checksums);
    const std::string imageHash = sha256File(package.image);
    QCOMPARE(imageHash, package.imageSha256);
    QVERIFY(sums.find(imageHash + "  image.png\n") != std::string::npos);
    QVERIFY(sums.find(sha256File(package.metadata) + "  metadata.json\n") != std::string::npos);
    QVERIFY(sums.find(sha256File(package.recipe) + "  recipe.brushwork\n") != std::string::npos);
    // The recipe is a project that loads, pointing at the image.
    const Project reread = loadProject(package.recipe);
    QCOMPARE(reread.result, std::string("image.png"));
    QCOMPARE(reread.params.iterations, 321);
    QVERIFY(testsupport::meanAbsDifference(loadImage(package.image), picture) < 1.0 / 255);
}

void TestProject::nftIntoUnwritableFolderFails()
{
    try {
        writeNftPackage("/proc/brushwork-mint", testsupport::makeContentImage(16, 16), sampleProject());
        QFAIL("wrote into /proc");
    } catch (const Error& error) {
        QCOMPARE(error.kind(), ErrorKind::Io);
        QVERIFY2(QString::fromStdString(error.what()).contains("/proc/brushwork-mint"), error.what());
    }
    QVERIFY(!QFileInfo::exists("/proc/brushwork-mint"));
}

void TestProject::sha256MatchesKnownValue()
{
    // FIPS 180-2's example.
    QCOMPARE(sha256Hex("abc", 3), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
}

QTEST_APPLESS_MAIN(TestProject)
#include "tst_project.moc"
