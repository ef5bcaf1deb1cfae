// SPDX-License-Identifier: GPL-3.0-or-later
// Pictures coming in: decoded in the background, the first the photo, the
// rest paintings; a file that cannot be read is named and changes nothing.
#include "sessionfixture.h"
#include "testsupport.h"
#include "window/picturecontroller.h"

#include "brushwork/image.h"

#include <QSignalSpy>
#include <QtTest>

using namespace brushwork::studio;

class TestPictureController : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void thePhotoFirstThenPaintings();
    void anUnreadableFileIsNamedAndChangesNothing();

private:
    QString mPhoto;
    QString mPainting;
};

void TestPictureController::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    testsupport::emptyModelDir();
    mPhoto = testsupport::scratchDir() + "/photo.png";
    mPainting = testsupport::scratchDir() + "/painting.png";
    brushwork::saveImage(mPhoto.toStdString(), testsupport::makeContentImage(48, 32));
    brushwork::saveImage(mPainting.toStdString(), testsupport::makeStyleImage(32, 32));
}

void TestPictureController::thePhotoFirstThenPaintings()
{
    SessionFixture fixture;
    PictureController pictures(fixture.session, &fixture.window);
    QSignalSpy loaded(&pictures, &PictureController::allLoaded);
    QSignalSpy opened(&pictures, &PictureController::opened);
    pictures.load({mPhoto, mPainting}, PictureLoader::Role::Auto);
    QCOMPARE(pictures.pending(), 1);
    QVERIFY(loaded.wait(20000));
    QCOMPARE(fixture.session.photoPath(), mPhoto);
    QCOMPARE(fixture.session.photo().cols, 48);
    QCOMPARE(fixture.session.paintings().size(), std::size_t(1));
    QCOMPARE(opened.size(), 2);
    // With a photo there, Auto adds paintings.
    pictures.load({mPhoto}, PictureLoader::Role::Auto);
    QVERIFY(loaded.wait(20000));
    QCOMPARE(fixture.session.paintings().size(), std::size_t(2));
}

void TestPictureController::anUnreadableFileIsNamedAndChangesNothing()
{
    SessionFixture fixture;
    PictureController pictures(fixture.session, &fixture.window);
    const QString broken = testsupport::scratchDir() + "/broken.jpg";
    QFile file(broken);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("\xff\xd8\xff not a JPEG");
    file.close();
    QSignalSpy notices(&pictures, &PictureController::notice);
    QSignalSpy loaded(&pictures, &PictureController::allLoaded);
    pictures.load({broken}, PictureLoader::Role::Photo);
    QVERIFY(loaded.wait(20000));
    QVERIFY(fixture.session.photo().empty());
    QVERIFY2(notices.last().first().toString().contains("broken.jpg"), qPrintable(notices.last().first().toString()));
}

QTEST_MAIN(TestPictureController)
#include "tst_picturecontroller.moc"
