// SPDX-License-Identifier: GPL-3.0-or-later
// Add to Collection on a session of its own: the photo, paintings and
// settings become pieces of a plan file, written in the background; a file
// that is not a plan, or a pasted picture, is refused with a notice and
// nothing changes.
#include "sessionfixture.h"
#include "testsupport.h"
#include "window/collectioncontroller.h"

#include "brushwork/collection.h"
#include "brushwork/image.h"

#include <QFile>
#include <QSignalSpy>
#include <QtTest>

using namespace brushwork::studio;

namespace {

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestCollectionController : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void addsPiecesToANewPlanAndThenToIt();
    void aFileThatIsNotAPlanIsRefusedUntouched();
    void aPastedPhotoCannotBeAdded();
    void nothingToAddWithoutAPainting();

private:
    void fill(SessionFixture& fixture);
    QString mPhoto;
    QString mStarry;
    QString mWaves;
};

void TestCollectionController::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    testsupport::emptyModelDir();
    const QString dir = testsupport::scratchDir();
    mPhoto = dir + "/photo.png";
    mStarry = dir + "/starry.png";
    mWaves = dir + "/waves.png";
    brushwork::saveImage(mPhoto.toStdString(), testsupport::makeContentImage(48, 36));
    brushwork::saveImage(mStarry.toStdString(), testsupport::makeStyleImage(32, 32));
    brushwork::saveImage(mWaves.toStdString(), testsupport::makeStyleImage(40, 24));
}

void TestCollectionController::fill(SessionFixture& fixture)
{
    fixture.session.setPhoto(mPhoto, brushwork::loadImage(mPhoto.toStdString()));
    fixture.session.addPainting(mStarry, brushwork::loadImage(mStarry.toStdString()));
}

void TestCollectionController::addsPiecesToANewPlanAndThenToIt()
{
    SessionFixture fixture;
    fill(fixture);
    brushwork::StyleParams params = fixture.session.settings();
    params.size = 64;
    params.iterations = 4;
    params.seed = 5;
    fixture.session.setSettings(params);
    CollectionController collections(fixture.session, &fixture.window);
    QSignalSpy added(&collections, &CollectionController::added);
    QSignalSpy status(&collections, &CollectionController::status);
    const QString plan = testsupport::scratchDir() + "/studio-plan.json";

    collections.addTo(plan);
    QVERIFY(added.isEmpty()); // written in the background
    QVERIFY(added.wait(20000));
    QCOMPARE(added.last().first().toBool(), true);
    QVERIFY2(status.last().first().toString().contains("1 piece"), qPrintable(status.last().first().toString()));

    // A second piece: a blend of two paintings, another seed.
    fixture.session.addPainting(mWaves, brushwork::loadImage(mWaves.toStdString()), 3.0f);
    params.seed = 6;
    fixture.session.setSettings(params);
    collections.addTo(plan);
    QVERIFY(added.wait(20000));
    QCOMPARE(added.last().first().toBool(), true);
    QVERIFY2(status.last().first().toString().contains("2 pieces"), qPrintable(status.last().first().toString()));

    const auto pieces = brushwork::expandPlan(brushwork::loadPlan(plan.toStdString()), plan.toStdString());
    QCOMPARE(pieces.size(), std::size_t(2));
    QCOMPARE(QString::fromStdString(pieces[0].photo), mPhoto);
    QCOMPARE(pieces[0].paintings, std::vector<std::string>{mStarry.toStdString()});
    QCOMPARE(pieces[1].paintings, (std::vector<std::string>{mStarry.toStdString(), mWaves.toStdString()}));
    const brushwork::StyleParams first = brushwork::styleParamsOf(pieces[0]);
    const brushwork::StyleParams second = brushwork::styleParamsOf(pieces[1]);
    QCOMPARE(first.size, 64);
    QCOMPARE(first.iterations, 4);
    QCOMPARE(*first.seed, std::uint64_t(5));
    QCOMPARE(*second.seed, std::uint64_t(6));
    QCOMPARE(second.weights.styleBlend, fixture.session.params().weights.styleBlend);
    QCOMPARE(second.weights.style, fixture.session.params().weights.style);
}

void TestCollectionController::aFileThatIsNotAPlanIsRefusedUntouched()
{
    SessionFixture fixture;
    fill(fixture);
    CollectionController collections(fixture.session, &fixture.window);
    QSignalSpy added(&collections, &CollectionController::added);
    QSignalSpy notices(&collections, &CollectionController::notice);
    const QString project = testsupport::scratchDir() + "/portrait.brushwork";
    const QByteArray text = R"({"format": "brushwork-project", "version": 1, "content": {"path": "photo.png"}})";
    QFile file(project);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
    file.close();

    collections.addTo(project);
    QVERIFY(added.wait(20000));
    QCOMPARE(added.last().first().toBool(), false);
    const QString notice = notices.last().first().toString();
    QVERIFY2(notice.contains("portrait.brushwork") && notice.contains("not a Brushwork collection plan"),
             qPrintable(notice));
    QCOMPARE(readAll(project), text);
}

void TestCollectionController::aPastedPhotoCannotBeAdded()
{
    SessionFixture fixture;
    fixture.session.setPhoto({}, testsupport::makeContentImage(48, 36));
    fixture.session.addPainting(mStarry, brushwork::loadImage(mStarry.toStdString()));
    CollectionController collections(fixture.session, &fixture.window);
    QSignalSpy added(&collections, &CollectionController::added);
    QSignalSpy notices(&collections, &CollectionController::notice);
    const QString plan = testsupport::scratchDir() + "/never.json";
    collections.addTo(plan);
    QCOMPARE(added.size(), 1);
    QCOMPARE(added.last().first().toBool(), false);
    QVERIFY2(notices.last().first().toString().contains("pasted"), qPrintable(notices.last().first().toString()));
    QVERIFY(!QFile::exists(plan));
}

void TestCollectionController::nothingToAddWithoutAPainting()
{
    SessionFixture fixture;
    fixture.session.setPhoto(mPhoto, brushwork::loadImage(mPhoto.toStdString()));
    CollectionController collections(fixture.session, &fixture.window);
    QVERIFY(!collections.canAdd());
    fixture.session.addPainting(mStarry, brushwork::loadImage(mStarry.toStdString()));
    QVERIFY(collections.canAdd());
}

QTEST_MAIN(TestCollectionController)
#include "tst_collectioncontroller.moc"
