// SPDX-License-Identifier: GPL-3.0-or-later
// The instant styles gallery as a painter uses it, offscreen, with real style
// networks from ../shared installed into a temporary model folder and seeded
// random VGG19 weights for refining.
#include "brushwork/faststylelibrary.h"
#include "brushwork/image.h"
#include "faststyler.h"
#include "mainwindow.h"
#include "matimage.h"
#include "parameterpanel.h"
#include "previewview.h"
#include "stylegallery.h"
#include "stylelist.h"
#include "stylerunner.h"
#include "testsupport.h"
#include "thumbnailcache.h"

#include <QComboBox>
#include <QDir>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QToolButton>
#include <QtTest>

#include <functional>

namespace {

/// Runs `action`, answering the message box it opens; returns the box's text.
QString answerMessageBox(const std::function<void()>& action)
{
    QString text;
    QTimer poll;
    poll.setInterval(10);
    QObject::connect(&poll, &QTimer::timeout, [&] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            text = box->text();
            box->accept();
        }
    });
    poll.start();
    action();
    return text;
}

/// Whether the icon shows a picture rather than the one-colour placeholder.
bool showsAPicture(const QListWidgetItem* item)
{
    const QImage image = item->icon().pixmap(item->listWidget()->iconSize()).toImage();
    const QRgb first = image.pixel(0, 0);
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (image.pixel(x, y) != first)
                return true;
    return false;
}

} // namespace

class TestGallery : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void withoutStylesItSaysSoAndOffersToAddOne();
    void anAddedNetworkAppearsWithItsThumbnail();
    void thumbnailsComeFromTheCacheNextTime();
    void clickPaintsThePhotoAtOnce();
    void refineStartsFromTheInstantPicture();
    void refusedFilesChangeNothing_data();
    void refusedFilesChangeNothing();

private:
    /// Installs the pytorch-examples candy network once, behind the window's
/// back (as the command line would); empty without ../shared.
    QString installCandy();
    QListWidgetItem* waitForStyle(MainWindow& window);
    void clickStyle(MainWindow& window);

    std::unique_ptr<MainWindow> mWindow;
    QString mPhoto;      ///< 64×48
    QString mLargePhoto; ///< 512×384: the preview size
    QString mPainting;
    QString mModelDir;
};

void TestGallery::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    const QString dir = testsupport::scratchDir();
    mModelDir = dir + "/models";
    qputenv("BRUSHWORK_MODEL_DIR", mModelDir.toUtf8());
    QDir().mkpath(mModelDir);
    QVERIFY(QFile::copy(testsupport::randomWeightsPath(), mModelDir + "/vgg19.safetensors"));
    mPhoto = dir + "/photo.png";
    mLargePhoto = dir + "/large-photo.png";
    mPainting = dir + "/painting.png";
    brushwork::saveImage(mPhoto.toStdString(), testsupport::makeContentImage(64, 48));
    brushwork::saveImage(mLargePhoto.toStdString(), testsupport::makeContentImage(512, 384));
    brushwork::saveImage(mPainting.toStdString(), testsupport::makeStyleImage(64, 64));
}

void TestGallery::init()
{
    mWindow = std::make_unique<MainWindow>();
    mWindow->setAskBeforeClosing(false);
    mWindow->parameters()->outputSize()->setValue(64);
    mWindow->parameters()->quality()->setCurrentIndex(0);
    mWindow->show();
    QVERIFY(QTest::qWaitForWindowExposed(mWindow.get()));
}

void TestGallery::cleanup()
{
    mWindow.reset();
}

QString TestGallery::installCandy()
{
    const QString shared = testsupport::sharedDir();
    if (shared.isEmpty())
        return {};
    const QString installed = QString::fromStdString(brushwork::fastStyleDirectory()) + "/candy.safetensors";
    if (!QFile::exists(installed))
        brushwork::importFastStyle((shared + "/models/fast-style-pytorch/candy.safetensors").toStdString());
    return installed;
}

QListWidgetItem* TestGallery::waitForStyle(MainWindow& window)
{
    QListWidget* list = window.gallery()->list();
    if (!QTest::qWaitFor([&] { return list->count() == 1 && showsAPicture(list->item(0)); }, 20000))
        return nullptr;
    return list->item(0);
}

void TestGallery::clickStyle(MainWindow& window)
{
    QListWidget* list = window.gallery()->list();
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->item(0)).center());
}

void TestGallery::withoutStylesItSaysSoAndOffersToAddOne()
{
    auto offered = [&] {
        for (QPushButton* button : mWindow->gallery()->findChildren<QPushButton*>())
            if (button->isVisibleTo(mWindow.get()) && button->text().startsWith("Add Style Network"))
                return true;
        return false;
    };
    QTRY_VERIFY(offered());
    QVERIFY(!mWindow->gallery()->list()->isVisibleTo(mWindow.get()));
    QCOMPARE(mWindow->gallery()->list()->count(), 0);
}

void TestGallery::anAddedNetworkAppearsWithItsThumbnail()
{
    const QString shared = testsupport::sharedDir();
    if (shared.isEmpty())
        QSKIP("../shared (the real style networks) is not there");
    QSignalSpy thumbnails(mWindow->fastStyler(), &FastStyler::thumbnailReady);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(mWindow->addFastStyle(shared + "/models/fast-style-pytorch/candy.safetensors"));
    QListWidgetItem* item = waitForStyle(*mWindow);
    QVERIFY(item);
    qInfo("import and thumbnail: %lld ms", clock.elapsed());
    QCOMPARE(item->text(), QString("Candy"));
    QVERIFY(mWindow->gallery()->list()->isVisibleTo(mWindow.get()));
    QCOMPARE(thumbnails.size(), 1);
    QCOMPARE(thumbnails.first().at(1).value<QImage>().size(), QSize(264, 176));
}

void TestGallery::thumbnailsComeFromTheCacheNextTime()
{
    const QString network = installCandy();
    if (network.isEmpty())
        QSKIP("../shared (the real style networks) is not there");
    QVERIFY(waitForStyle(*mWindow));
    const QString key = thumbnailcache::keyFor(network);
    QVERIFY(!thumbnailcache::load(key).isNull());
    // A thumbnail only the cache can give: the next window must show it.
    QImage marked(264, 176, QImage::Format_RGB888);
    marked.fill(Qt::red);
    marked.setPixel(0, 0, qRgb(0, 0, 255));
    thumbnailcache::store(key, marked);
    MainWindow next;
    QSignalSpy thumbnails(next.fastStyler(), &FastStyler::thumbnailReady);
    QVERIFY(thumbnails.wait(10000));
    QCOMPARE(thumbnails.first().at(1).value<QImage>().convertToFormat(QImage::Format_RGB888), marked);
    thumbnailcache::prune({});
}

void TestGallery::clickPaintsThePhotoAtOnce()
{
    if (installCandy().isEmpty())
        QSKIP("../shared (the real style networks) is not there");
    QVERIFY(mWindow->loadContent(mLargePhoto));
    mWindow->styleList()->addStyle(mPainting, brushwork::loadImage(mPainting.toStdString()));
    QVERIFY(waitForStyle(*mWindow));
    const QImage photo = mWindow->preview()->picture();

    QElapsedTimer clock;
    clock.start();
    clickStyle(*mWindow);
    QTRY_VERIFY_WITH_TIMEOUT(mWindow->preview()->picture() != photo, 20000);
    const qint64 ms = clock.elapsed();
    qInfo("click to preview at 512 px: %lld ms", ms);
    // 0.6-1.0 s measured on two cores shared with other jobs; the bound
    // leaves room for a machine busy with other tests.
    QVERIFY2(ms < 5000, qPrintable(QString("%1 ms").arg(ms)));
    const QImage painted = mWindow->preview()->picture();
    QCOMPARE(painted.size(), QSize(512, 384));
    QVERIFY(testsupport::meanAbsDifference(matimage::toMat(painted), matimage::toMat(photo)) > 0.05);

    // The instant picture is the current picture: exports and projects keep it.
    const QString exported = testsupport::scratchDir() + "/instant.png";
    QVERIFY(mWindow->exportTo(exported));
    const cv::Mat paintedMat = matimage::toMat(painted);
    QVERIFY(testsupport::meanAbsDifference(brushwork::loadImage(exported.toStdString()), paintedMat) < 1.0 / 255);
    const QString project = testsupport::scratchDir() + "/instant/work.brushwork";
    QDir().mkpath(QFileInfo(project).path());
    QVERIFY(mWindow->saveProjectTo(project));
    MainWindow reopened;
    QVERIFY(reopened.openProject(project));
    QVERIFY(testsupport::meanAbsDifference(matimage::toMat(reopened.preview()->picture()), paintedMat) < 1.0 / 255);
}

void TestGallery::refineStartsFromTheInstantPicture()
{
    if (installCandy().isEmpty())
        QSKIP("../shared (the real style networks) is not there");
    QVERIFY(mWindow->loadContent(mPhoto));
    const QImage photo = mWindow->preview()->picture();
    QVERIFY(waitForStyle(*mWindow));
    clickStyle(*mWindow);
    QTRY_VERIFY_WITH_TIMEOUT(mWindow->preview()->picture() != photo, 20000);
    const QImage instant = mWindow->preview()->picture();

    QToolButton* refine = nullptr;
    for (QToolButton* button : mWindow->gallery()->findChildren<QToolButton*>())
        if (button->defaultAction()->text().contains("Refine"))
            refine = button;
    QVERIFY(refine && refine->isEnabled());

    // Without a painting there is nothing to refine towards: it says so.
    QTest::mouseClick(refine, Qt::LeftButton);
    QVERIFY(!mWindow->runner()->isRunning());
    QVERIFY2(mWindow->notice().contains("painting"), qPrintable(mWindow->notice()));

    mWindow->styleList()->addStyle(mPainting, brushwork::loadImage(mPainting.toStdString()));
    QSignalSpy frames(mWindow->runner(), &StyleRunner::frameReady);
    QTest::mouseClick(refine, Qt::LeftButton);
    QVERIFY(mWindow->runner()->isRunning());
    QVERIFY(!refine->isEnabled());
    QVERIFY(frames.wait(30000));
    const cv::Mat first = matimage::toMat(frames.first().first().value<QImage>());
    const double fromInstant = testsupport::meanAbsDifference(first, matimage::toMat(instant));
    const double fromPhoto = testsupport::meanAbsDifference(first, matimage::toMat(photo));
    qInfo("first refined frame: %.3f from the instant picture, %.3f from the photo", fromInstant, fromPhoto);
    // Ten iterations of the random network's textures move it (0.16 from the
    // instant picture, 0.20 from the photo); a run from the photo is 0.11 from
    // the photo at the same point.
    QVERIFY(fromInstant < fromPhoto);
    mWindow->stop();
}

void TestGallery::refusedFilesChangeNothing_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("explanation");
    const QString notANetwork = testsupport::scratchDir() + "/notes.safetensors";
    QFile notes(notANetwork);
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.write("shopping list: canvas, linseed oil");
    QTest::newRow("not a network") << notANetwork << "not a fast style network";
    const QString shared = testsupport::sharedDir();
    if (!shared.isEmpty())
        QTest::newRow("research-only licence") << shared + "/models/fast-style/wave.safetensors" << "research";
}

void TestGallery::refusedFilesChangeNothing()
{
    QFETCH(QString, file);
    QFETCH(QString, explanation);
    const int before = int(brushwork::installedFastStyles().size());
    QTRY_COMPARE(mWindow->gallery()->list()->count(), before);
    const QStringList installed = QDir(QString::fromStdString(brushwork::fastStyleDirectory())).entryList(QDir::Files);

    bool added = true;
    const QString message = answerMessageBox([&] { added = mWindow->addFastStyle(file); });
    QVERIFY(!added);
    QVERIFY2(message.contains(QFileInfo(file).fileName()), qPrintable(message));
    QVERIFY2(message.contains(explanation, Qt::CaseInsensitive), qPrintable(message));
    QCOMPARE(mWindow->gallery()->list()->count(), before);
    QCOMPARE(QDir(QString::fromStdString(brushwork::fastStyleDirectory())).entryList(QDir::Files), installed);
}

QTEST_MAIN(TestGallery)
#include "tst_gallery.moc"
