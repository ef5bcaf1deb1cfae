// SPDX-License-Identifier: GPL-3.0-or-later
// The collection folder: its locks, the manifest it keeps, the records that
// say a piece is done, and the status it reports.
#include "brushwork/collection.h"
#include "brushwork/collectionfolder.h"
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

class TestCollectionFolder : public QObject, private CollectionPlanFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void lockIsExclusiveAndGoesWithItsHolder();
    void folderRefusesAnotherCollection();
    void recordChecksTheImageHash();
    void statusAndRetryFailed();
};

void TestCollectionFolder::initTestCase()
{
    writeInputs();
}

void TestCollectionFolder::lockIsExclusiveAndGoesWithItsHolder()
{
    CollectionFolder folder(mDir + "/locks");
    {
        auto lock = folder.tryLock("a");
        QVERIFY(lock);
        QVERIFY(folder.isLocked("a"));
        QVERIFY(!folder.tryLock("a")); // another open file description: refused
        QVERIFY(folder.tryLock("b"));
    }
    QVERIFY(!folder.isLocked("a"));
    QVERIFY(folder.tryLock("a"));
    // A lock held by a process that is killed is let go by the system.
    QProcess holder;
    // One process holds it: the shell takes the lock and becomes sleep.
    holder.start("bash", {"-c", "exec 9>\"$0\" && flock 9 && exec sleep 600",
                          QString::fromStdString(mDir + "/locks/state/c.lock")});
    QVERIFY(holder.waitForStarted());
    QTRY_VERIFY(folder.isLocked("c"));
    QVERIFY(!folder.tryLock("c"));
    holder.kill();
    QVERIFY(holder.waitForFinished());
    QTRY_VERIFY(!folder.isLocked("c"));
    QVERIFY(folder.tryLock("c"));
}

void TestCollectionFolder::folderRefusesAnotherCollection()
{
    const json grid = {{"grid", {{"photos", {"cat.png"}}, {"paintings", {"starry.png"}}}}};
    const auto pieces = expandPlan(planFromJson(planText(grid), "plan.json", mDir), "plan.json");
    CollectionFolder folder(mDir + "/another");
    folder.adoptManifest("one", pieces);
    folder.adoptManifest("one", pieces); // the same again: fine
    QCOMPARE(folder.pieces().size(), pieces.size());
    try {
        folder.adoptManifest("two", pieces);
        QFAIL("another collection was accepted");
    } catch (const Error& error) {
        QCOMPARE(error.kind(), ErrorKind::BadInput);
        QVERIFY2(QString(error.what()).contains("another collection"), error.what());
    }
}

void TestCollectionFolder::recordChecksTheImageHash()
{
    CollectionFolder folder(mDir + "/records");
    saveImage(folder.imagePath("p"), testsupport::makeContentImage(32, 24));
    PieceRecord record;
    record.id = "p";
    record.imageSha256 = sha256File(folder.imagePath("p"));
    record.width = 32;
    record.height = 24;
    record.method = "optimize";
    QVERIFY(!folder.isDone("p")); // an image without its record is not finished
    folder.finish(record);
    QVERIFY(folder.isDone("p"));
    saveImage(folder.imagePath("p"), testsupport::makeStyleImage(32, 24));
    QVERIFY(!folder.isDone("p")); // the image is not the one recorded
}

void TestCollectionFolder::statusAndRetryFailed()
{
    const json grid = {{"grid", {{"photos", {"cat.png", "dog.png"}}, {"paintings", {"starry.png"}}, {"seeds", {1, 2}}}}};
    const auto pieces = expandPlan(planFromJson(planText(grid), "plan.json", mDir), "plan.json");
    CollectionFolder folder(mDir + "/status");
    folder.adoptManifest("", pieces);
    saveImage(folder.imagePath(pieces[0].id), testsupport::makeContentImage(32, 24));
    folder.finish({pieces[0].id, sha256File(folder.imagePath(pieces[0].id)), 32, 24, "optimize", "vgg19", "", 1, ""});
    folder.markFailed(pieces[1].id, "the photo is damaged");
    const auto lock = folder.tryLock(pieces[2].id);
    CollectionStatus status = folder.status();
    QCOMPARE(status.done, std::vector<std::string>{pieces[0].id});
    QCOMPARE(status.failed, std::vector<std::string>{pieces[1].id});
    QCOMPARE(status.failures.at(pieces[1].id), std::string("the photo is damaged"));
    QCOMPARE(status.running, std::vector<std::string>{pieces[2].id});
    QCOMPARE(status.left, std::vector<std::string>{pieces[3].id});
    QCOMPARE(folder.retryFailed(), std::vector<std::string>{pieces[1].id});
    status = folder.status();
    QCOMPARE(status.failed.size(), std::size_t(0));
    QCOMPARE(status.left.size(), std::size_t(2));
}

QTEST_GUILESS_MAIN(TestCollectionFolder)
#include "tst_collectionfolder.moc"
