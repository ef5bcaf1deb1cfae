// SPDX-License-Identifier: GPL-3.0-or-later
// The Style Networks panel as a painter uses it, offscreen, with real style
// networks from ../shared installed into a temporary model folder and seeded
// random VGG19 weights for refining.
#include "brushwork/faststylelibrary.h"
#include "brushwork/image.h"
#include "background/stylenetworkstyler.h"
#include "window/mainwindow.h"
#include "support/matimage.h"
#include "widgets/parameterpanel.h"
#include "widgets/previewview.h"
#include "widgets/stylenetworkpanel.h"
#include "widgets/stylelist.h"
#include "background/stylerunner.h"
#include "studioparts.h"
#include "testsupport.h"
#include "window/exportcontroller.h"
#include "window/stylenetworkcontroller.h"
#include "window/picturecontroller.h"
#include "window/projectcontroller.h"
#include "window/runcontroller.h"
#include "session/studiosession.h"
#include "background/thumbnailcache.h"

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

using namespace brushwork::studio;
using studioparts::notice;
using studioparts::part;
using studioparts::succeeds;

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

class TestStyleNetworks : public QObject {
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
    /// Opens `path` as the photo, as a drop would, and waits until it is shown.
    void openPhoto(const QString& path);
    bool addNetwork(const QString& path)
    {
        auto* styles = part<StyleNetworkController>(*mWindow);
        return succeeds(styles, &StyleNetworkController::networkAdded, [&] { styles->addNetwork(path); });
    }

    std::unique_ptr<MainWindow> mWindow;
    QString mPhoto;      ///< 64×48
    QString mLargePhoto; ///< 512×384: the preview size
    QString mPainting;
    QString mModelDir;
};

void TestStyleNetworks::initTestCase()
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

void TestStyleNetworks::init()
{
    mWindow = std::make_unique<MainWindow>();
    part<ParameterPanel>(*mWindow)->outputSize()->setValue(64);
    part<ParameterPanel>(*mWindow)->quality()->setCurrentIndex(0);
    mWindow->show();
    QVERIFY(QTest::qWaitForWindowExposed(mWindow.get()));
}

void TestStyleNetworks::cleanup()
{
    mWindow.reset();
}

QString TestStyleNetworks::installCandy()
{
    const QString shared = testsupport::sharedDir();
    if (shared.isEmpty())
        return {};
    const QString installed = QString::fromStdString(brushwork::fastStyleDirectory()) + "/candy.safetensors";
    if (!QFile::exists(installed))
        brushwork::importFastStyle((shared + "/models/fast-style-pytorch/candy.safetensors").toStdString());
    return installed;
}

QListWidgetItem* TestStyleNetworks::waitForStyle(MainWindow& window)
{
    QListWidget* list = part<StyleNetworkPanel>(window)->list();
    if (!QTest::qWaitFor([&] { return list->count() == 1 && showsAPicture(list->item(0)); }, 20000))
        return nullptr;
    return list->item(0);
}

void TestStyleNetworks::clickStyle(MainWindow& window)
{
    QListWidget* list = part<StyleNetworkPanel>(window)->list();
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->item(0)).center());
}

void TestStyleNetworks::openPhoto(const QString& path)
{
    mWindow->openFiles({path});
    QTRY_COMPARE(part<PictureController>(*mWindow)->pending(), 0);
}

void TestStyleNetworks::withoutStylesItSaysSoAndOffersToAddOne()
{
    auto offered = [&] {
        for (QPushButton* button : part<StyleNetworkPanel>(*mWindow)->findChildren<QPushButton*>())
            if (button->isVisibleTo(mWindow.get()) && button->text().startsWith("Add Style Network"))
                return true;
        return false;
    };
    QTRY_VERIFY(offered());
    QVERIFY(!part<StyleNetworkPanel>(*mWindow)->list()->isVisibleTo(mWindow.get()));
    QCOMPARE(part<StyleNetworkPanel>(*mWindow)->list()->count(), 0);
}

void TestStyleNetworks::anAddedNetworkAppearsWithItsThumbnail()
{
    const QString shared = testsupport::sharedDir();
    if (shared.isEmpty())
        QSKIP("../shared (the real style networks) is not there");
    QSignalSpy thumbnails(part<StyleNetworkStyler>(*mWindow), &StyleNetworkStyler::thumbnailReady);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(addNetwork(shared + "/models/fast-style-pytorch/candy.safetensors"));
    QListWidgetItem* item = waitForStyle(*mWindow);
    QVERIFY(item);
    qInfo("import and thumbnail: %lld ms", clock.elapsed());
    QCOMPARE(item->text(), QString("Candy"));
    QVERIFY(part<StyleNetworkPanel>(*mWindow)->list()->isVisibleTo(mWindow.get()));
    QCOMPARE(thumbnails.size(), 1);
    QCOMPARE(thumbnails.first().at(1).value<QImage>().size(), QSize(264, 176));
}

void TestStyleNetworks::thumbnailsComeFromTheCacheNextTime()
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
    QSignalSpy thumbnails(part<StyleNetworkStyler>(next), &StyleNetworkStyler::thumbnailReady);
    QVERIFY(thumbnails.wait(10000));
    QCOMPARE(thumbnails.first().at(1).value<QImage>().convertToFormat(QImage::Format_RGB888), marked);
    thumbnailcache::prune({});
}

void TestStyleNetworks::clickPaintsThePhotoAtOnce()
{
    if (installCandy().isEmpty())
        QSKIP("../shared (the real style networks) is not there");
    openPhoto(mLargePhoto);
    part<StudioSession>(*mWindow)->addPainting(mPainting, brushwork::loadImage(mPainting.toStdString()));
    QVERIFY(waitForStyle(*mWindow));
    // A photo and a painting: the picture shows them at once, in the painting's style.
    QTRY_VERIFY_WITH_TIMEOUT(part<StudioSession>(*mWindow)->showsAnyPaintingPicture(), 20000);
    const QImage photo = part<PreviewView>(*mWindow)->picture();

    QElapsedTimer clock;
    clock.start();
    clickStyle(*mWindow);
    QTRY_VERIFY_WITH_TIMEOUT(part<PreviewView>(*mWindow)->picture() != photo, 20000);
    const qint64 ms = clock.elapsed();
    qInfo("click to preview at 512 px: %lld ms", ms);
    // 0.6-1.0 s measured on two cores shared with other jobs; the bound
    // leaves room for a machine busy with other tests.
    QVERIFY2(ms < 5000, qPrintable(QString("%1 ms").arg(ms)));
    const QImage painted = part<PreviewView>(*mWindow)->picture();
    QCOMPARE(painted.size(), QSize(512, 384));
    QVERIFY(testsupport::meanAbsDifference(matimage::toMat(painted), matimage::toMat(photo)) > 0.05);

    // The instant picture is the current picture: exports and projects keep it.
    const QString exported = testsupport::scratchDir() + "/instant.png";
    auto* exports = part<ExportController>(*mWindow);
    QVERIFY(succeeds(exports, &ExportController::exported, [&] { exports->exportTo(exported); }));
    const cv::Mat paintedMat = matimage::toMat(painted);
    QVERIFY(testsupport::meanAbsDifference(brushwork::loadImage(exported.toStdString()), paintedMat) < 1.0 / 255);
    const QString project = testsupport::scratchDir() + "/instant/work.brushwork";
    QDir().mkpath(QFileInfo(project).path());
    auto* projects = part<ProjectController>(*mWindow);
    QVERIFY(succeeds(projects, &ProjectController::saved, [&] { projects->save(project, false); }));
    MainWindow reopened;
    auto* opening = part<ProjectController>(reopened);
    QVERIFY(succeeds(opening, &ProjectController::opened, [&] { opening->open(project); }));
    QVERIFY(testsupport::meanAbsDifference(matimage::toMat(part<PreviewView>(reopened)->picture()), paintedMat) <
            1.0 / 255);
}

void TestStyleNetworks::refineStartsFromTheInstantPicture()
{
    if (installCandy().isEmpty())
        QSKIP("../shared (the real style networks) is not there");
    openPhoto(mPhoto);
    const QImage photo = part<PreviewView>(*mWindow)->picture();
    QVERIFY(waitForStyle(*mWindow));
    clickStyle(*mWindow);
    QTRY_VERIFY_WITH_TIMEOUT(part<PreviewView>(*mWindow)->picture() != photo, 20000);
    const QImage instant = part<PreviewView>(*mWindow)->picture();

    QToolButton* refine = nullptr;
    for (QToolButton* button : part<StyleNetworkPanel>(*mWindow)->findChildren<QToolButton*>())
        if (button->defaultAction() && button->defaultAction()->text().contains("Refine"))
            refine = button;
    QVERIFY(refine && refine->isEnabled());

    // Without a painting there is nothing to refine towards: it says so.
    QTest::mouseClick(refine, Qt::LeftButton);
    QVERIFY(!part<StyleRunner>(*mWindow)->isRunning());
    QVERIFY2(notice(*mWindow).contains("painting"), qPrintable(notice(*mWindow)));

    part<StudioSession>(*mWindow)->addPainting(mPainting, brushwork::loadImage(mPainting.toStdString()));
    QSignalSpy frames(part<StyleRunner>(*mWindow), &StyleRunner::frameReady);
    QTest::mouseClick(refine, Qt::LeftButton);
    QVERIFY(part<StyleRunner>(*mWindow)->isRunning());
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
    part<RunController>(*mWindow)->stop();
}

void TestStyleNetworks::refusedFilesChangeNothing_data()
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

void TestStyleNetworks::refusedFilesChangeNothing()
{
    QFETCH(QString, file);
    QFETCH(QString, explanation);
    const int before = int(brushwork::installedFastStyles().size());
    QTRY_COMPARE(part<StyleNetworkPanel>(*mWindow)->list()->count(), before);
    const QStringList installed = QDir(QString::fromStdString(brushwork::fastStyleDirectory())).entryList(QDir::Files);

    bool added = true;
    const QString message = answerMessageBox([&] { added = addNetwork(file); });
    QVERIFY(!added);
    QVERIFY2(message.contains(QFileInfo(file).fileName()), qPrintable(message));
    QVERIFY2(message.contains(explanation, Qt::CaseInsensitive), qPrintable(message));
    QCOMPARE(part<StyleNetworkPanel>(*mWindow)->list()->count(), before);
    QCOMPARE(QDir(QString::fromStdString(brushwork::fastStyleDirectory())).entryList(QDir::Files), installed);
}

QTEST_MAIN(TestStyleNetworks)
#include "tst_stylenetworks.moc"
