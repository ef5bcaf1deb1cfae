// SPDX-License-Identifier: GPL-3.0-or-later
// Export and Export for Minting on a session of their own: written in the
// background, with the print's DPI; failures name the file.
#include "sessionfixture.h"
#include "support/lastfolder.h"
#include "support/matimage.h"
#include "testsupport.h"
#include "widgets/printsizepicker.h"
#include "window/exportcontroller.h"

#include "brushwork/image.h"
#include "brushwork/printscale.h"
#include "brushwork/project.h"

#include <QComboBox>
#include <QFileDialog>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>
#include <opencv2/imgcodecs.hpp>

using namespace brushwork::studio;

class TestExportController : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void exportsSixteenBitsInTheBackground();
    void anInstantPictureIsExportedAtThePrintsSize();
    void anUnwritablePlaceIsNamed();
    void oneMintingFolderAtATime();
    void exportDialogOpensWhereThePainterCanWrite();

private:
    void fill(SessionFixture& fixture);
    cv::Mat mPainted;
};

void TestExportController::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    testsupport::emptyModelDir();
    mPainted = testsupport::makeStyleImage(64, 48);
}

void TestExportController::fill(SessionFixture& fixture)
{
    const QString photo = testsupport::scratchDir() + "/photo.png";
    brushwork::saveImage(photo.toStdString(), testsupport::makeContentImage(64, 48));
    fixture.session.setPhoto(photo, brushwork::loadImage(photo.toStdString()));
    fixture.session.addPainting(photo, testsupport::makeStyleImage(32, 32));
    fixture.session.setPicture(matimage::toQImage(mPainted, true));
}

void TestExportController::exportsSixteenBitsInTheBackground()
{
    SessionFixture fixture;
    fill(fixture);
    ExportController exports(fixture.session, &fixture.window);
    QSignalSpy exported(&exports, &ExportController::exported);
    const QString path = testsupport::scratchDir() + "/out-16.png";
    exports.exportTo(path, true);
    QVERIFY(exported.isEmpty());
    QVERIFY(exported.wait(20000));
    QCOMPARE(exported.first().first().toBool(), true);
    const cv::Mat words = cv::imread(path.toStdString(), cv::IMREAD_UNCHANGED);
    QCOMPARE(words.depth(), CV_16U);
    QVERIFY(testsupport::meanAbsDifference(brushwork::loadImage(path.toStdString()), mPainted) < 1e-4);
}

void TestExportController::anInstantPictureIsExportedAtThePrintsSize()
{
    SessionFixture fixture;
    fill(fixture);
    fixture.session.setPicture(matimage::toQImage(mPainted, true),
                               brushwork::InstantRecipe{brushwork::kAnyPaintingNetwork, {}, 1.0f, {}});
    fixture.session.setPrintSize("192px");
    fixture.parameters->outputSize()->setValue(192);
    ExportController exports(fixture.session, &fixture.window);
    QSignalSpy exported(&exports, &ExportController::exported);
    const QString path = testsupport::scratchDir() + "/print.png";
    exports.exportTo(path, true);
    QVERIFY(exported.wait(20000));
    QCOMPARE(exported.first().first().toBool(), true);
    const cv::Mat print = brushwork::loadImage(path.toStdString());
    QCOMPARE(print.size(), cv::Size(192, 144));
    // The picture on screen, enlarged: its strokes where they were.
    QVERIFY(brushwork::structuralSimilarity(print, mPainted) > 0.9);
}

void TestExportController::anUnwritablePlaceIsNamed()
{
    SessionFixture fixture;
    fill(fixture);
    ExportController exports(fixture.session, &fixture.window);
    QSignalSpy notices(&exports, &ExportController::notice);
    QSignalSpy exported(&exports, &ExportController::exported);
    exports.exportTo(testsupport::scratchDir() + "/no/such/folder/picture.png");
    QVERIFY(exported.wait(20000));
    QCOMPARE(exported.first().first().toBool(), false);
    QVERIFY2(notices.last().first().toString().contains("picture.png"), qPrintable(notices.last().first().toString()));
}

void TestExportController::oneMintingFolderAtATime()
{
    SessionFixture fixture;
    fill(fixture);
    ExportController exports(fixture.session, &fixture.window);
    QSignalSpy minted(&exports, &ExportController::minted);
    const QString folder = testsupport::scratchDir() + "/mint";
    exports.mint(folder, "Test piece");
    QVERIFY(exports.minting());
    exports.mint(testsupport::scratchDir() + "/second-mint", "Twice"); // ignored while the first is written
    QVERIFY(minted.wait(20000));
    QCOMPARE(minted.size(), 1);
    QCOMPARE(minted.first().first().toBool(), true);
    QVERIFY(!exports.minting());
    for (const char* file : {"image.png", "metadata.json", "recipe.brushwork", "SHA256SUMS"})
        QVERIFY2(QFile::exists(folder + "/" + file), file);
    QVERIFY(!QFile::exists(testsupport::scratchDir() + "/second-mint"));
}

void TestExportController::exportDialogOpensWhereThePainterCanWrite()
{
    SessionFixture fixture;
    fill(fixture);
    ExportController exports(fixture.session, &fixture.window);
    // The folder the dialog opens in, read from the dialog itself and then cancelled.
    auto dialogFolder = [&] {
        QString folder;
        QTimer answer;
        answer.setInterval(10);
        connect(&answer, &QTimer::timeout, [&] {
            if (auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget())) {
                folder = dialog->directory().absolutePath();
                dialog->reject();
            }
        });
        answer.start();
        exports.exportDialog();
        return folder;
    };
    const QString writable = testsupport::scratchDir() + "/export-here";
    QVERIFY(QDir().mkpath(writable));
    lastfolder::rememberFolderOf(writable + "/photo.png");
    QCOMPARE(dialogFolder(), QFileInfo(writable).absoluteFilePath());

    // The photo came from a folder that is gone (a card taken out): not offered for saving.
    const QString gone = testsupport::scratchDir() + "/removed-card";
    lastfolder::rememberFolderOf(gone + "/photo.png");
    const QByteArray home = qgetenv("HOME");
    qputenv("HOME", (testsupport::scratchDir() + "/home").toUtf8()); // the tester's own Pictures stay untouched
    const QString pictures = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    QVERIFY(QDir().mkpath(pictures));
    const QString offered = dialogFolder();
    qputenv("HOME", home);
    QCOMPARE(offered, QFileInfo(pictures).absoluteFilePath());
}

QTEST_MAIN(TestExportController)
#include "tst_exportcontroller.moc"
