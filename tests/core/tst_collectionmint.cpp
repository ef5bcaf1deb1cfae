// SPDX-License-Identifier: GPL-3.0-or-later
// Minting a collection folder: refused while pieces are missing; tokens,
// checksums and the provenance hash when it is complete.
#include "brushwork/collection.h"
#include "brushwork/collectionfolder.h"
#include "brushwork/collectionmint.h"
#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/sha256.h"
#include "collectionplanfixture.h"
#include "testsupport.h"

#include <QProcess>
#include <QtTest>

#include <nlohmann/json.hpp>

using namespace brushwork;
using nlohmann::json;

class TestCollectionMint : public QObject, private CollectionPlanFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void mintRefusesIncompleteCollection();
    void mintWritesTokensChecksumsAndProvenance();
    void remintKeepsReadOnlyFilesUnlessOverwrite();
    void aClipIsMintedAsAnimationWithItsPoster();
};

void TestCollectionMint::initTestCase()
{
    writeInputs();
}

void TestCollectionMint::mintRefusesIncompleteCollection()
{
    const json grid = {{"grid", {{"photos", {"cat.png", "dog.png"}}, {"paintings", {"starry.png"}}}}};
    const auto pieces = expandPlan(planFromJson(planText(grid), "plan.json", mDir), "plan.json");
    CollectionFolder folder(mDir + "/incomplete");
    folder.adoptManifest("", pieces);
    saveImage(folder.imagePath(pieces[0].id), testsupport::makeContentImage(32, 24));
    folder.finish({pieces[0].id, sha256File(folder.imagePath(pieces[0].id)), 32, 24, "optimize", "vgg19", "", 1, ""});
    try {
        mintCollection(folder, mDir + "/incomplete/mint", {"Cats", "", ""});
        QFAIL("an incomplete collection was minted");
    } catch (const Error& error) {
        QCOMPARE(error.kind(), ErrorKind::BadInput);
        QVERIFY2(QString(error.what()).contains(QString::fromStdString(pieces[1].id)), error.what());
        QVERIFY2(!QString(error.what()).contains(QString::fromStdString(pieces[0].id)), error.what());
    }
}

void TestCollectionMint::mintWritesTokensChecksumsAndProvenance()
{
    const json grid = {{"grid", {{"photos", {"cat.png", "dog.png"}}, {"paintings", {"starry.png"}}, {"seeds", {3}}}}};
    const auto pieces = expandPlan(planFromJson(planText(grid), "plan.json", mDir), "plan.json");
    CollectionFolder folder(mDir + "/minted");
    folder.adoptManifest("", pieces);
    std::string hashes;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        saveImage(folder.imagePath(pieces[i].id), testsupport::makeContentImage(32 + int(i), 24));
        const std::string hash = sha256File(folder.imagePath(pieces[i].id));
        hashes += hash;
        folder.finish({pieces[i].id, hash, 32 + int(i), 24, "optimize", "vgg19", "abc", 1, ""});
    }
    const std::string out = mDir + "/minted/mint";
    const MintResult result = mintCollection(folder, out, {"Cats", "Cats in paint", "ipfs://CID/"});
    QCOMPARE(result.tokens, 2);
    QCOMPARE(result.provenance, sha256Hex(hashes.data(), hashes.size()));
    const json first = json::parse(readText(out + "/metadata/1.json"));
    QCOMPARE(first["name"].get<std::string>(), std::string("Cats #1"));
    QCOMPARE(first["image"].get<std::string>(), std::string("ipfs://CID/1.png"));
    QCOMPARE(first["image_sha256"].get<std::string>(), sha256File(folder.imagePath(pieces[0].id)));
    bool seedSeen = false;
    for (const json& attribute : first["attributes"])
        if (attribute["trait_type"] == "Seed")
            seedSeen = attribute["value"] == 3;
    QVERIFY(seedSeen);
    QCOMPARE(json::parse(readText(out + "/metadata/2.json"))["attributes"][0]["value"].get<std::string>(),
             std::string("dog"));
    QCOMPARE(json::parse(readText(out + "/collection.json"))["provenance_hash"].get<std::string>(), result.provenance);
    QProcess check;
    check.setWorkingDirectory(QString::fromStdString(out));
    check.start("sha256sum", {"-c", "--strict", "SHA256SUMS"});
    QVERIFY(check.waitForFinished());
    QCOMPARE(check.exitCode(), 0);
    QCOMPARE(QString(check.readAllStandardOutput()).count(": OK"), 6); // 2 images, 2 metadata, collection, provenance
}

void TestCollectionMint::remintKeepsReadOnlyFilesUnlessOverwrite()
{
    const json grid = {{"grid", {{"photos", {"cat.png"}}, {"paintings", {"starry.png"}}}}};
    const auto pieces = expandPlan(planFromJson(planText(grid), "plan.json", mDir), "plan.json");
    CollectionFolder folder(mDir + "/published");
    folder.adoptManifest("", pieces);
    saveImage(folder.imagePath(pieces[0].id), testsupport::makeContentImage(32, 24));
    folder.finish({pieces[0].id, sha256File(folder.imagePath(pieces[0].id)), 32, 24, "optimize", "vgg19", "", 1, ""});
    const std::string out = mDir + "/published/mint";
    mintCollection(folder, out, {"Cats", "", ""});
    const QString image = QString::fromStdString(out + "/images/1.png");
    QVERIFY(QFile::setPermissions(image, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
    try {
        mintCollection(folder, out, {"Cats again", "", ""});
        QFAIL("a read-only file of the earlier minting folder was replaced");
    } catch (const Error& error) {
        QCOMPARE(error.kind(), ErrorKind::Usage);
        QVERIFY2(QString(error.what()).contains(image) && QString(error.what()).contains("read-only") &&
                     QString(error.what()).contains("--overwrite"),
                 error.what());
    }
    QCOMPARE(json::parse(readText(out + "/collection.json"))["name"].get<std::string>(), std::string("Cats"));
    mintCollection(folder, out, {"Cats again", "", ""}, true);
    QCOMPARE(json::parse(readText(out + "/collection.json"))["name"].get<std::string>(), std::string("Cats again"));
}

void TestCollectionMint::aClipIsMintedAsAnimationWithItsPoster()
{
    // The plan and the mint read no frame: any file named as a GIF is a clip to them.
    writeText(mDir + "/pan.gif", "GIF89a, a clip's bytes");
    const json plan = {{"pieces", json::array({{{"photo", "pan.gif"}, {"paintings", {"starry.png"}}},
                                               {{"photo", "cat.png"}, {"paintings", {"starry.png"}}}})}};
    const auto pieces = expandPlan(planFromJson(planText(plan), "plan.json", mDir), "plan.json");
    CollectionFolder folder(mDir + "/animated");
    folder.adoptManifest("", pieces);
    std::string hashes;
    for (const CollectionPiece& piece : pieces) {
        saveImage(folder.imagePath(piece.id), testsupport::makeContentImage(32, 24));
        PieceRecord record{piece.id, sha256File(folder.imagePath(piece.id)), 32, 24, "instant", "", "abc", 1, ""};
        hashes += record.imageSha256;
        if (piece.photo == mDir + "/pan.gif") {
            writeText(folder.animationPath(piece.id, ".gif"), "GIF89a, the painted clip");
            record.animation = {piece.id + ".gif", sha256File(folder.animationPath(piece.id, ".gif")), 12, 10};
            hashes += record.animation.sha256;
        }
        folder.finish(record);
    }
    const std::string animation = folder.animationPath(pieces[0].id, ".gif");
    QCOMPARE(folder.finishedRecord(pieces[0].id)->animation.sha256, sha256File(animation));

    const std::string out = mDir + "/animated/mint";
    const MintResult result = mintCollection(folder, out, {"Pans", "", "ipfs://CID/"});
    QCOMPARE(result.provenance, sha256Hex(hashes.data(), hashes.size())); // both hashes of the clip
    const json clip = json::parse(readText(out + "/metadata/1.json"));
    QCOMPARE(clip["image"].get<std::string>(), std::string("ipfs://CID/1.png"));
    QCOMPARE(clip["animation_url"].get<std::string>(), std::string("ipfs://CID/1.gif"));
    QCOMPARE(clip["image_sha256"].get<std::string>(), sha256File(out + "/images/1.png"));
    QCOMPARE(clip["animation_sha256"].get<std::string>(), sha256File(out + "/images/1.gif"));
    QCOMPARE(clip["animation_sha256"].get<std::string>(), sha256File(animation));
    bool framesSeen = false;
    for (const json& attribute : clip["attributes"])
        framesSeen = framesSeen || (attribute["trait_type"] == "Frames" && attribute["value"] == 12);
    QVERIFY(framesSeen);
    const json still = json::parse(readText(out + "/metadata/2.json"));
    QVERIFY(!still.contains("animation_url"));
    QVERIFY(QString::fromStdString(readText(out + "/provenance.txt"))
                .contains(QString::fromStdString("animation " + clip["animation_sha256"].get<std::string>())));
    QProcess check;
    check.setWorkingDirectory(QString::fromStdString(out));
    check.start("sha256sum", {"-c", "--strict", "SHA256SUMS"});
    QVERIFY(check.waitForFinished());
    QCOMPARE(check.exitCode(), 0);
    QCOMPARE(QString(check.readAllStandardOutput()).count(": OK"), 7); // 2 images, 1 animation, 2 metadata, 2 more

    // An animation changed after it was painted is no finished piece: no mint.
    writeText(animation, "GIF89a, another clip");
    QVERIFY(!folder.finishedRecord(pieces[0].id));
    QVERIFY_THROWS_EXCEPTION(Error, mintCollection(folder, out, {"Pans", "", ""}));
}

QTEST_GUILESS_MAIN(TestCollectionMint)
#include "tst_collectionmint.moc"
