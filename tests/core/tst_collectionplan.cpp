// SPDX-License-Identifier: GPL-3.0-or-later
// Collection plans expand in a stable order with stable ids, round-trip
// through JSON, refuse bad entries by name, split into shards, carry every
// setting, and take appended pieces keeping the rest of the file.
#include "brushwork/collection.h"
#include "brushwork/printsize.h"
#include "brushwork/error.h"
#include "collectionplanfixture.h"

#include <QtTest>

#include <nlohmann/json.hpp>

using namespace brushwork;
using nlohmann::json;

class TestCollectionPlan : public QObject, private CollectionPlanFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void gridExpandsInTheDocumentedOrder();
    void piecesAndOverridesFollowTheGrid();
    void planRoundTripsThroughJson();
    void instantPiecesCarryTheirPaintingsAndStrength();
    void badPlansAreRefusedNamingTheEntry_data();
    void badPlansAreRefusedNamingTheEntry();
    void shardsSplitByIndex();
    void settingsOfStyleParamsReadBack();
    void appendingAPieceKeepsTheRestOfThePlan();
    void appendingRefusesWhatIsNotAPlanChangingNothing();
    void recipeAndPieceAreMadeFromEachOther();
};

void TestCollectionPlan::initTestCase()
{
    writeInputs();
}

void TestCollectionPlan::gridExpandsInTheDocumentedOrder()
{
    const json grid = {{"grid",
                        {{"photos", {"cat.png", "dog.png"}},
                         {"paintings", {"starry.png", {"starry.png", "waves.png"}}},
                         {"seeds", {1, 2}},
                         {"settings", {{{"name", "soft"}, {"style_weight", 5}}, {{"name", "bold"}, {"style_weight", 50}}}}}},
                       {"settings", {{"size", 48}, {"iterations", 10}}}};
    const auto pieces = expandPlan(planFromJson(planText(grid), "plan.json", mDir), "plan.json");
    QCOMPARE(pieces.size(), std::size_t(16));
    // Photos outermost, then paintings, then seeds, named settings fastest.
    QCOMPARE(pieces[0].id, std::string("000-cat-starry-s1-soft"));
    QCOMPARE(pieces[1].id, std::string("001-cat-starry-s1-bold"));
    QCOMPARE(pieces[2].id, std::string("002-cat-starry-s2-soft"));
    QCOMPARE(pieces[4].id, std::string("004-cat-starry+waves-s1-soft"));
    QCOMPARE(pieces[8].id, std::string("008-dog-starry-s1-soft"));
    QCOMPARE(pieces[15].index, 15);
    QCOMPARE(pieces[4].paintings.size(), std::size_t(2));
    QCOMPARE(pieces[4].photo, mDir + "/cat.png");
    const StyleParams bold = styleParamsOf(pieces[1]);
    QCOMPARE(bold.weights.style, 50.0f);
    QCOMPARE(bold.size, 48);
    QCOMPARE(bold.iterations, 10);
    QCOMPARE(*bold.seed, std::uint64_t(1));
    QCOMPARE(pieces[1].settingsName, std::string("bold"));
}

void TestCollectionPlan::piecesAndOverridesFollowTheGrid()
{
    const json plan = {{"grid", {{"photos", {"cat.png"}}, {"paintings", {"starry.png"}}}},
                       {"pieces",
                        {{{"id", "special"}, {"photo", "dog.png"}, {"paintings", "waves.png"}, {"settings", {{"size", 64}}}},
                         {{"method", "fast"}, {"photo", "dog.png"}, {"model", "style.safetensors"}}}},
                       {"settings", {{"print", "A4@10"}}},
                       {"overrides", {{"special", {{"iterations", 3}}}}}};
    const auto pieces = expandPlan(planFromJson(planText(plan), "plan.json", mDir), "plan.json");
    QCOMPARE(pieces.size(), std::size_t(3));
    QCOMPARE(pieces[1].id, std::string("special"));
    // "size" on the piece replaces the plan's "print".
    QCOMPARE(pieces[1].settings.count("print"), std::size_t(0));
    QCOMPARE(styleParamsOf(pieces[1]).iterations, 3);
    QCOMPARE(pieces[0].settings.at("print"), std::string("A4@10"));
    QCOMPARE(pieces[2].method, PaintMethod::Fast);
    QCOMPARE(pieces[2].id, std::string("002-dog-style"));
}

void TestCollectionPlan::planRoundTripsThroughJson()
{
    const json grid = {{"name", "Cats"},
                       {"grid", {{"photos", {"cat.png"}}, {"paintings", {"starry.png"}}, {"seeds", {7, 8}}}},
                       {"settings", {{"style_weights", {1}}, {"content_layers", {"relu4_2"}}, {"learning_rate", 0.05}}}};
    const CollectionPlan plan = planFromJson(planText(grid), "plan.json", mDir);
    const std::string text = planToJson(plan);
    const CollectionPlan again = planFromJson(text, "again.json", mDir);
    QCOMPARE(planToJson(again), text);
    QCOMPARE(again.name, std::string("Cats"));
    // The manifest is a plan too, and expands to the same pieces.
    const auto pieces = expandPlan(plan, "plan.json");
    const auto fromManifest = expandPlan(planFromJson(planToJson(planOfPieces("Cats", pieces)), "m.json", "/"), "m.json");
    QCOMPARE(fromManifest.size(), pieces.size());
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        QCOMPARE(fromManifest[i].id, pieces[i].id);
        QCOMPARE(fromManifest[i].settings, pieces[i].settings);
    }
}

void TestCollectionPlan::instantPiecesCarryTheirPaintingsAndStrength()
{
    const json plan = {{"method", "instant"},
                       {"grid", {{"photos", {"cat.png"}}, {"paintings", {"starry.png", {"starry.png", "waves.png"}}}}},
                       {"settings", {{"strength", 0.5}, {"size", 64}}},
                       {"overrides", {{"001-cat-starry+waves", {{"style_weights", {3, 1}}}}}}};
    const auto pieces = expandPlan(planFromJson(planText(plan), "plan.json", mDir), "plan.json");
    QCOMPARE(pieces.size(), std::size_t(2));
    QCOMPARE(pieces[0].method, PaintMethod::Instant);
    QCOMPARE(pieces[1].id, std::string("001-cat-starry+waves"));
    QCOMPARE(pieces[1].paintings.size(), std::size_t(2));
    QCOMPARE(std::stod(pieces[1].settings.at("strength")), 0.5);
    QCOMPARE(styleParamsOf(pieces[1]).weights.styleBlend, (std::vector<float>{3.0f, 1.0f}));
    QCOMPARE(std::string(methodName(pieces[0].method)), std::string("instant"));
    // The manifest keeps the method.
    const auto again = expandPlan(planFromJson(planToJson(planOfPieces("x", pieces)), "m.json", "/"), "m.json");
    QCOMPARE(again[1].method, PaintMethod::Instant);
    // An optimised piece starts from the instant picture unless its plan says otherwise.
    const json optimize = {{"grid", {{"photos", {"cat.png"}}, {"paintings", {"starry.png"}}}},
                           {"pieces", {{{"photo", "dog.png"}, {"paintings", "starry.png"}, {"settings", {{"init", "content"}}}}}}};
    const auto optimized = expandPlan(planFromJson(planText(optimize), "plan.json", mDir), "plan.json");
    QCOMPARE(styleParamsOf(optimized[0]).init, InitKind::Instant);
    QCOMPARE(styleParamsOf(optimized[1]).init, InitKind::Content);
}

void TestCollectionPlan::badPlansAreRefusedNamingTheEntry_data()
{
    QTest::addColumn<QString>("plan");
    QTest::addColumn<QString>("named");
    auto grid = [](const json& extra) {
        json plan = {{"format", "brushwork-collection-plan"},
                     {"version", 1},
                     {"grid", {{"photos", {"cat.png"}}, {"paintings", {"starry.png"}}}}};
        plan.update(extra);
        return QString::fromStdString(plan.dump());
    };
    QTest::newRow("not json") << "{" << "not valid JSON";
    QTest::newRow("unknown key") << grid({{"colour", 1}}) << "unknown key \"colour\"";
    QTest::newRow("unknown setting") << grid({{"settings", {{"brightness", 1}}}}) << "\"settings\" has an unknown key \"brightness\"";
    QTest::newRow("strength out of range") << grid({{"settings", {{"strength", 2}}}}) << "\"settings.strength\" is out of range";
    QTest::newRow("bad start") << grid({{"settings", {{"init", "instantly"}}}}) << "one of instant, content, noise";
    QTest::newRow("bad number") << grid({{"settings", {{"size", "big"}}}}) << "\"settings.size\" should be a number";
    QTest::newRow("out of range") << grid({{"settings", {{"iterations", -5}}}}) << "\"settings.iterations\" is out of range";
    QTest::newRow("bad choice") << grid({{"settings", {{"optimizer", "sgd"}}}}) << "one of lbfgs, adam";
    QTest::newRow("bad print") << grid({{"settings", {{"print", "A9000"}}}}) << "not a print size";
    QTest::newRow("missing photo")
        << grid({{"grid", {{"photos", {"nowhere.png"}}, {"paintings", {"starry.png"}}}}}) << "nowhere.png\" does not exist";
    QTest::newRow("missing painting") << grid({{"pieces", {{{"photo", "cat.png"}, {"paintings", "gone.jpg"}}}}})
                                      << "gone.jpg\" does not exist";
    QTest::newRow("fast without model") << grid({{"pieces", {{{"photo", "cat.png"}, {"method", "fast"}}}}})
                                        << "has no \"model\"";
    QTest::newRow("unknown method") << grid({{"method", "sketch"}}) << "\"method\" is \"sketch\"";
    QTest::newRow("instant without painting") << grid({{"pieces", {{{"photo", "cat.png"}, {"method", "instant"}}}}})
                                              << "has no painting (method \"instant\" needs at least one)";
    QTest::newRow("blend count") << grid({{"settings", {{"style_weights", {1, 2}}}}}) << "2 numbers for 1 paintings";
    QTest::newRow("duplicate id")
        << grid({{"pieces", {{{"id", "a"}, {"photo", "cat.png"}, {"paintings", "starry.png"}},
                             {{"id", "a"}, {"photo", "dog.png"}, {"paintings", "starry.png"}}}}})
        << "two pieces have the id \"a\"";
    QTest::newRow("unsafe id") << grid({{"pieces", {{{"id", "../x"}, {"photo", "cat.png"}, {"paintings", "starry.png"}}}}})
                               << "not usable as a file name";
    QTest::newRow("override of nothing") << grid({{"overrides", {{"nope", {{"size", 32}}}}}})
                                         << "names the piece \"nope\"";
    QTest::newRow("newer") << grid({{"version", 99}}) << "newer Brushwork";
    QTest::newRow("empty") << "{\"format\":\"brushwork-collection-plan\",\"version\":1}" << "neither a \"grid\" nor \"pieces\"";
}

void TestCollectionPlan::badPlansAreRefusedNamingTheEntry()
{
    QFETCH(QString, plan);
    QFETCH(QString, named);
    try {
        expandPlan(planFromJson(plan.toStdString(), "plan.json", mDir), "plan.json");
        QFAIL("the plan was accepted");
    } catch (const Error& error) {
        QCOMPARE(error.kind(), ErrorKind::BadInput);
        QVERIFY2(QString(error.what()).contains(named), error.what());
        QVERIFY2(QString(error.what()).contains("plan.json"), error.what());
    }
}

void TestCollectionPlan::shardsSplitByIndex()
{
    std::vector<CollectionPiece> pieces(10);
    for (int i = 0; i < 10; ++i)
        pieces[i].index = i;
    std::vector<int> seen(10, 0);
    for (int shard = 0; shard < 4; ++shard)
        for (const CollectionPiece& piece : shardOf(pieces, shard, 4)) {
            QCOMPARE(piece.index % 4, shard);
            ++seen[piece.index];
        }
    QCOMPARE(seen, std::vector<int>(10, 1));
}

void TestCollectionPlan::settingsOfStyleParamsReadBack()
{
    StyleParams params;
    params.size = 96;
    params.iterations = 40;
    params.weights = {0.5f, 25.0f, 0.02f, {0.25f, 0.75f}, {}};
    params.styleScale = 0.8f;
    params.optimizer = OptimizerKind::Adam;
    params.adamLearningRate = 0.03f;
    params.init = InitKind::Noise;
    params.pooling = Pooling::Average;
    params.colour = ColourMode::Luminance;
    params.seed = 42;
    params.contentLayers = {"relu4_2"};
    params.styleLayers = {{"relu1_1", 1.0f}, {"relu3_1", 0.5f}};
    params.firstScaleSide = 48;
    params.tileSide = 64;
    CollectionPiece piece;
    piece.paintings = {"a.png", "b.png"};
    piece.settings = planSettingsOf(params);
    QCOMPARE(piece.settings.at("style_weight"), std::string("25"));
    QCOMPARE(piece.settings.at("tv_weight"), std::string("0.02"));
    const StyleParams back = styleParamsOf(piece);
    QCOMPARE(back.size, 96);
    QCOMPARE(back.iterations, 40);
    QCOMPARE(back.weights.content, 0.5f);
    QCOMPARE(back.weights.style, 25.0f);
    QCOMPARE(back.weights.tv, 0.02f);
    QCOMPARE(back.weights.styleBlend, params.weights.styleBlend);
    QCOMPARE(back.styleScale, 0.8f);
    QCOMPARE(back.optimizer, OptimizerKind::Adam);
    QCOMPARE(back.adamLearningRate, 0.03f);
    QCOMPARE(back.init, InitKind::Noise);
    QCOMPARE(back.pooling, Pooling::Average);
    QCOMPARE(back.colour, ColourMode::Luminance);
    QCOMPARE(*back.seed, std::uint64_t(42));
    QCOMPARE(back.contentLayers, params.contentLayers);
    QCOMPARE(back.styleLayers.size(), std::size_t(2));
    QCOMPARE(back.styleLayers[1].layer, std::string("relu3_1"));
    QCOMPARE(back.styleLayers[1].weight, 0.5f);
    QCOMPARE(back.firstScaleSide, 48);
    QCOMPARE(back.tileSide, 64);

    // The studio's default start and its quality's stop rule survive too.
    params.init = InitKind::Instant;
    params.plateau.tolerance = 0.005f;
    piece.settings = planSettingsOf(params);
    QCOMPARE(piece.settings.at("init"), std::string("instant"));
    QCOMPARE(styleParamsOf(piece).init, InitKind::Instant);
    QCOMPARE(styleParamsOf(piece).plateau.tolerance, 0.005f);
}

void TestCollectionPlan::appendingAPieceKeepsTheRestOfThePlan()
{
    PlanPieceEntry piece;
    piece.photo = mDir + "/dog.png";
    piece.paintings = {mDir + "/starry.png", mDir + "/waves.png"};
    piece.settings = {{"size", "32"}, {"seed", "9"}, {"style_weights", "1,3"}};

    // No file yet: a new plan holding the piece.
    const std::string fresh = mDir + "/fresh-plan.json";
    QCOMPARE(appendPieceToPlanFile(fresh, piece), 1);
    const auto made = expandPlan(loadPlan(fresh), fresh);
    QCOMPARE(made.size(), std::size_t(1));
    QCOMPARE(made[0].paintings, piece.paintings);
    QCOMPARE(styleParamsOf(made[0]).size, 32);
    QCOMPARE(loadPlan(fresh).name, std::string("fresh-plan"));

    // A plan written by hand: a grid and a piece with relative paths, keys in
    // the author's order. Appending keeps all of it and adds the piece last.
    const std::string path = mDir + "/handmade.json";
    const std::string original = R"({
  "version": 1,
  "format": "brushwork-collection-plan",
  "grid": {"photos": ["cat.png"], "paintings": ["starry.png"], "seeds": [1, 2]},
  "pieces": [{"photo": "cat.png", "paintings": "waves.png", "id": "first"}],
  "settings": {"size": 48}
})";
    writeText(path, original);
    QCOMPARE(appendPieceToPlanFile(path, piece), 2);
    QCOMPARE(appendPieceToPlanFile(path, piece), 3);
    const auto before = nlohmann::ordered_json::parse(original);
    const auto after = nlohmann::ordered_json::parse(readText(path));
    QCOMPARE(after["grid"].dump(), before["grid"].dump());
    QCOMPARE(after["settings"].dump(), before["settings"].dump());
    QCOMPARE(after["pieces"][0].dump(), before["pieces"][0].dump());
    QCOMPARE(after.begin().key(), std::string("version"));
    QCOMPARE(after["pieces"][2]["photo"].get<std::string>(), piece.photo);
    const auto pieces = expandPlan(loadPlan(path), path);
    QCOMPARE(pieces.size(), std::size_t(5)); // 2 from the grid, the hand-made one, the two appended
    QCOMPARE(pieces[2].id, std::string("first"));
    QCOMPARE(pieces[3].id, std::string("003-dog-starry+waves-s9"));
    QCOMPARE(pieces[4].id, std::string("004-dog-starry+waves-s9"));
    // The piece's own size wins over the plan's default.
    QCOMPARE(styleParamsOf(pieces[4]).size, 32);
    QCOMPARE(styleParamsOf(pieces[0]).size, 48);
}

void TestCollectionPlan::appendingRefusesWhatIsNotAPlanChangingNothing()
{
    PlanPieceEntry piece;
    piece.photo = mDir + "/dog.png";
    piece.paintings = {mDir + "/starry.png"};

    const std::string project = mDir + "/work.brushwork";
    const std::string projectText = R"({"format": "brushwork-project", "version": 1})";
    writeText(project, projectText);
    try {
        appendPieceToPlanFile(project, piece);
        QFAIL("a project was taken for a plan");
    } catch (const Error& error) {
        QCOMPARE(error.kind(), ErrorKind::BadInput);
        QVERIFY2(QString(error.what()).contains("work.brushwork"), error.what());
        QVERIFY2(QString(error.what()).contains("not a Brushwork collection plan"), error.what());
    }
    QCOMPARE(readText(project), projectText);

    // A piece the plan could not render is refused before the file changes.
    const std::string plan = mDir + "/small-plan.json";
    QCOMPARE(appendPieceToPlanFile(plan, piece), 1);
    const std::string planText = readText(plan);
    PlanPieceEntry lost = piece;
    lost.photo = mDir + "/moved-away.png";
    try {
        appendPieceToPlanFile(plan, lost);
        QFAIL("a piece with a missing photo was added");
    } catch (const Error& error) {
        QCOMPARE(error.kind(), ErrorKind::BadInput);
        QVERIFY2(QString(error.what()).contains("moved-away.png"), error.what());
    }
    QCOMPARE(readText(plan), planText);
}

void TestCollectionPlan::recipeAndPieceAreMadeFromEachOther()
{
    CollectionPiece piece;
    piece.photo = mDir + "/cat.png";
    piece.paintings = {mDir + "/starry.png"};
    piece.settings = {{"print", "A4@300"}, {"plateau_window", "7"}, {"seed", "5"}, {"network", "squeezenet"}};
    // The painter's recipe: the print size fitted to a 4:3 photo, its DPI, every setting.
    const Project recipe = recipeFor(piece, cv::Size(4000, 3000));
    const PrintFit fit = fitToPrint(parsePrintSize("A4@300"), 4000, 3000);
    QCOMPARE(recipe.params.size, std::max(fit.width, fit.height));
    QCOMPARE(recipe.dpi, fit.effectiveDpi);
    QVERIFY(recipe.params.size > 3000);
    QCOMPARE(recipe.printSize, std::string("A4@300"));
    QCOMPARE(recipe.params.plateau.window, 7);
    QCOMPARE(*recipe.params.seed, std::uint64_t(5));
    QCOMPARE(recipe.styles.at(0).name, std::string("starry"));

    // The studio's piece of a recipe asks for the print size again, not its pixels.
    Project painted = recipe;
    painted.network = "squeezenet";
    const PlanPieceEntry entry = planPieceOf(painted);
    QCOMPARE(entry.photo, piece.photo);
    QCOMPARE(entry.settings.at("print"), std::string("A4@300"));
    QVERIFY(!entry.settings.count("size"));
    QCOMPARE(entry.settings.at("network"), std::string("squeezenet"));
    QCOMPARE(entry.settings.at("plateau_window"), std::string("7"));
}

QTEST_GUILESS_MAIN(TestCollectionPlan)
#include "tst_collectionplan.moc"
