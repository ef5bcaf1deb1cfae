// SPDX-License-Identifier: GPL-3.0-or-later
// Clips in the studio (issue 25): a GIF opened like a photo fills the strip,
// scrubbing changes the photo of the run, Paint the Video paints every
// frame in the background and can be cancelled, Export writes the clip
// with its sound.
#include "clipfile.h"
#include "panclip.h"
#include "sessionfixture.h"
#include "soundclip.h"
#include "testsupport.h"
#include "widgets/clipexportdialog.h"
#include "widgets/clipstrip.h"
#include "window/collectioncontroller.h"
#include "window/picturecontroller.h"
#include "window/videocontroller.h"

#include "brushwork/collection.h"
#include "brushwork/framesource.h"
#include "brushwork/image.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QtTest>
#include <opencv2/imgproc.hpp>

using namespace brushwork::studio;

namespace {

constexpr int kFrames = 6;

/// The photo (CV_32FC3) against a frame of the pan, 8-bit GIF colours apart.
double distance(const cv::Mat& photo, const cv::Mat& frame)
{
    return testsupport::meanAbsDifference(photo, frame);
}

} // namespace

class TestVideoController : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aGifOpensWithItsFramesInTheStrip();
    void scrubbingChangesThePhotoOfTheRun();
    void paintTheVideoPaintsEveryFrameAndExports();
    void paintTheVideoCanBeCancelled();
    void aPausedVideoResumesOrCancels();
    void exportWithoutPaintedFramesSaysWhatToDo();
    void theClipAddedToACollectionIsAnAnimatedPiece();
    void exportOffersTheFourFormatsWithLoopForAnimations();
    void aDamagedClipIsNamedAndChangesNothing();
    void exportCarriesTheClipsSound();

private:
    /// The studio's parts with the clip open and a painting added.
    struct Studio {
        SessionFixture fixture;
        PictureController pictures{fixture.session, &fixture.window};
        VideoController video{fixture.session, pictures, &fixture.window};
        ClipStrip* strip() const { return qobject_cast<ClipStrip*>(video.strip()); }
    };
    void open(Studio& studio);

    std::vector<cv::Mat> mFrames;
    QString mClip;
    QString mPainting;
};

void TestVideoController::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).removeRecursively();
    testsupport::emptyModelDir();
    mFrames = testsupport::panFrames(kFrames, cv::Size(48, 32), 6);
    mClip = testsupport::scratchDir() + "/pan.gif";
    testsupport::writeClip(mClip.toStdString(), mFrames, 10);
    mPainting = testsupport::scratchDir() + "/painting.png";
    brushwork::saveImage(mPainting.toStdString(), testsupport::makeStyleImage(32, 32));
}

void TestVideoController::open(Studio& studio)
{
    StudioSession& session = studio.fixture.session;
    brushwork::StyleParams settings = session.settings();
    settings.size = 48;
    session.setSettings(settings);
    session.addPainting(mPainting, brushwork::loadImage(mPainting.toStdString()));
    studio.pictures.load({mClip}, PictureLoader::Role::Auto);
    QTRY_VERIFY_WITH_TIMEOUT(session.hasClip(), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(session.clip().frameCount, kFrames, 20000);
}

void TestVideoController::aGifOpensWithItsFramesInTheStrip()
{
    Studio studio;
    QSignalSpy opened(&studio.pictures, &PictureController::opened);
    open(studio);
    const StudioSession& session = studio.fixture.session;
    QCOMPARE(session.photoPath(), mClip);
    QCOMPARE(session.photo().size(), mFrames[0].size());
    QVERIFY(distance(session.photo(), mFrames[0]) < 0.03);
    QCOMPARE(opened.size(), 1); // for the recent files, like a photo
    QCOMPARE(session.paintings().size(), std::size_t(1)); // the clip is the photo, not a painting
    ClipStrip* strip = studio.strip();
    QVERIFY(strip);
    QVERIFY(!strip->isHidden());
    QCOMPARE(strip->frameCount(), kFrames);
    QCOMPARE(strip->findChild<QLabel*>("clipPosition")->text(), QString("Frame 1 of %1").arg(kFrames));
    QCOMPARE(strip->findChild<QSlider*>("clipScrubber")->maximum(), kFrames - 1);
    // Another photo closes the clip and hides the strip.
    studio.fixture.session.setPhoto(mPainting, brushwork::loadImage(mPainting.toStdString()));
    QVERIFY(!studio.fixture.session.hasClip());
    QVERIFY(strip->isHidden());
}

void TestVideoController::scrubbingChangesThePhotoOfTheRun()
{
    Studio studio;
    open(studio);
    const StudioSession& session = studio.fixture.session;
    QSignalSpy photo(&session, &StudioSession::photoChanged);
    studio.strip()->findChild<QSlider*>("clipScrubber")->setValue(4);
    QVERIFY(photo.wait(20000));
    QCOMPARE(session.clipFrame(), 4);
    QCOMPARE(session.photoPath(), mClip);
    // The photo is frame 5 now, not frame 1 (the pan moved it 24 px).
    QVERIFY2(distance(session.photo(), mFrames[4]) < 0.03, qPrintable(QString::number(distance(session.photo(), mFrames[4]))));
    QVERIFY(distance(session.photo(), mFrames[0]) > 2 * distance(session.photo(), mFrames[4]));
    // Back to an earlier frame: the clip is read again from its start.
    studio.video.showFrame(1);
    QVERIFY(photo.wait(20000));
    QCOMPARE(session.clipFrame(), 1);
    QVERIFY(distance(session.photo(), mFrames[1]) < 0.03);
    QCOMPARE(studio.strip()->findChild<QLabel*>("clipPosition")->text(), QString("Frame 2 of %1").arg(kFrames));
}

void TestVideoController::paintTheVideoPaintsEveryFrameAndExports()
{
    Studio studio;
    open(studio);
    QSignalSpy painted(&studio.video, &VideoController::painted);
    studio.video.paintVideo();
    QVERIFY(studio.video.painting()); // in the background: the GUI thread is back at once
    QVERIFY(painted.wait(90000));
    QCOMPARE(painted.first().first().toBool(), false);
    const QString folder = studio.fixture.session.paintedClip();
    QCOMPARE(folder, studio.video.paintedFolder());
    auto frames = brushwork::openFrameSource(folder.toStdString());
    cv::Mat frame;
    int count = 0;
    while (frames->next(frame)) {
        QCOMPARE(frame.cols, studio.fixture.session.settings().size); // the run's size, as Start paints
        cv::Mat content;
        cv::resize(mFrames[count], content, frame.size(), 0, 0, cv::INTER_AREA);
        QVERIFY(distance(frame, content) > 0.02); // painted, not the photo
        ++count;
    }
    QCOMPARE(count, kFrames);

    QSignalSpy exported(&studio.video, &VideoController::exported);
    const QString webp = testsupport::scratchDir() + "/painted.webp";
    studio.video.exportTo(webp, 32, 5, false);
    QVERIFY(exported.wait(20000));
    QVERIFY(exported.first().first().toBool());
    auto written = brushwork::openFrameSource(webp.toStdString());
    QCOMPARE(written->info().width, 32);
    QCOMPARE(written->info().frameCount, kFrames / 2); // 10 frames a second down to 5
}

void TestVideoController::paintTheVideoCanBeCancelled()
{
    Studio studio;
    open(studio);
    QDir(studio.video.paintedFolder()).removeRecursively(); // another test's
    QSignalSpy painted(&studio.video, &VideoController::painted);
    studio.video.paintVideo();
    studio.video.cancel(); // before its first frame: nothing is painted
    QVERIFY(painted.wait(60000));
    QCOMPARE(painted.first().first().toBool(), true);
    QVERIFY(!studio.video.painting());
    QVERIFY(studio.fixture.session.paintedClip().isEmpty());
    QVERIFY(!QFileInfo::exists(studio.video.paintedFolder()));
}

void TestVideoController::aPausedVideoResumesOrCancels()
{
    Studio studio;
    open(studio);
    QDir(studio.video.paintedFolder()).removeRecursively();
    QSignalSpy painted(&studio.video, &VideoController::painted);
    auto* pause = studio.strip()->findChild<QPushButton*>("pauseVideo");
    studio.video.paintVideo();
    pause->click(); // before its first frame
    QCOMPARE(pause->text(), QString("Resume"));
    studio.video.cancel(); // a paused painting hears it
    QVERIFY(painted.wait(60000));
    QCOMPARE(painted.takeFirst().first().toBool(), true);

    studio.video.paintVideo();
    pause->click();
    pause->click();
    QCOMPARE(pause->text(), QString("Pause"));
    QVERIFY(painted.wait(90000));
    QCOMPARE(painted.takeFirst().first().toBool(), false);
    QCOMPARE(studio.fixture.session.paintedClip(), studio.video.paintedFolder());
}

void TestVideoController::exportWithoutPaintedFramesSaysWhatToDo()
{
    Studio studio;
    QVERIFY(!studio.video.exportDialog()); // no clip: the picture's Export applies
    open(studio);
    QSignalSpy notices(&studio.video, &VideoController::notice);
    QVERIFY(studio.video.exportDialog());
    QCOMPARE(notices.size(), 1);
    QVERIFY(notices.first().first().toString().contains("Paint the Video"));
}

void TestVideoController::theClipAddedToACollectionIsAnAnimatedPiece()
{
    Studio studio;
    open(studio);
    studio.video.showFrame(3); // the piece is the clip, whatever frame is shown
    QTRY_COMPARE_WITH_TIMEOUT(studio.fixture.session.clipFrame(), 3, 20000);
    CollectionController collections(studio.fixture.session, &studio.fixture.window);
    QSignalSpy added(&collections, &CollectionController::added);
    const QString plan = testsupport::scratchDir() + "/clips.json";
    collections.addTo(plan);
    QVERIFY(added.wait(20000));
    QVERIFY(added.first().first().toBool());
    const auto pieces = brushwork::expandPlan(brushwork::loadPlan(plan.toStdString()), "clips.json");
    QCOMPARE(pieces.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(pieces[0].photo), mClip);
}

void TestVideoController::exportOffersTheFourFormatsWithLoopForAnimations()
{
    ClipExportDialog dialog(512, 12.5);
    auto* format = dialog.findChild<QComboBox*>();
    QStringList extensions;
    for (int i = 0; i < format->count(); ++i) {
        format->setCurrentIndex(i);
        extensions << dialog.extension();
        const bool animation = dialog.extension() == ".gif" || dialog.extension() == ".webp";
        QCOMPARE(dialog.findChild<QCheckBox*>()->isEnabled(), animation);
        QCOMPARE(dialog.loop(), animation); // a video has no loop to ask for
    }
    QCOMPARE(extensions, QStringList({".mp4", ".webm", ".gif", ".webp"}));
    QCOMPARE(dialog.longSide(), 512);
    QCOMPARE(dialog.fps(), 12.5);
}

void TestVideoController::aDamagedClipIsNamedAndChangesNothing()
{
    Studio studio;
    const QString photo = testsupport::scratchDir() + "/photo.png";
    brushwork::saveImage(photo.toStdString(), testsupport::makeContentImage(48, 32));
    studio.fixture.session.setPhoto(photo, brushwork::loadImage(photo.toStdString()));
    const QString broken = testsupport::scratchDir() + "/broken.mp4";
    QFile file(broken);
    QVERIFY(file.open(QIODevice::WriteOnly));
    // An MP4's first box header, then nothing a video needs (the length is
    // given: the header starts with zero bytes).
    const char header[] = "\x00\x00\x00\x18"
                          "ftypmp42 and then nothing a video needs";
    file.write(header, sizeof header - 1);
    file.close();
    QSignalSpy notices(&studio.video, &VideoController::notice);
    studio.pictures.load({broken}, PictureLoader::Role::Photo);
    QVERIFY(notices.wait(20000));
    QVERIFY2(notices.first().first().toString().contains("broken.mp4"), qPrintable(notices.first().first().toString()));
    QVERIFY(!studio.fixture.session.hasClip());
    QCOMPARE(studio.fixture.session.photoPath(), photo);
    QVERIFY(studio.strip()->isHidden());
}

void TestVideoController::exportCarriesTheClipsSound()
{
    // The frames are painted into the studio's cache without a word about
    // the sound; Export copies it from the clip, or says why it cannot.
    const QString gif = mClip;
    mClip = testsupport::scratchDir() + "/voiced.mkv";
    testsupport::writeClipWithSound(mClip.toStdString(), mFrames, 10, kFrames / 10.0);
    Studio studio;
    open(studio);
    mClip = gif;
    QSignalSpy notices(&studio.video, &VideoController::notice);
    QSignalSpy painted(&studio.video, &VideoController::painted);
    studio.video.paintVideo();
    QVERIFY(painted.wait(90000));
    QCOMPARE(notices.count(), 0);

    QSignalSpy exported(&studio.video, &VideoController::exported);
    const QString mkv = testsupport::scratchDir() + "/voiced-painted.mkv";
    studio.video.exportTo(mkv, 32, 0, true);
    QVERIFY(exported.wait(20000));
    QVERIFY(exported.first().first().toBool());
    QCOMPARE(notices.count(), 0);
    const testsupport::SoundTrack sound = testsupport::readSoundTrack(mkv.toStdString());
    QCOMPARE(sound.codec, std::string("pcm_s16le"));
    QVERIFY2(std::abs(sound.seconds - kFrames / 10.0) <= double(testsupport::kSoundPacket) / testsupport::kSoundRate,
             qPrintable(QString::number(sound.seconds)));

    studio.video.exportTo(testsupport::scratchDir() + "/voiced-painted.webp", 32, 0, true);
    QVERIFY(exported.wait(20000));
    QCOMPARE(notices.count(), 1);
    QVERIFY2(notices.first().first().toString().contains(".webp files hold no sound"),
             qPrintable(notices.first().first().toString()));
}

QTEST_MAIN(TestVideoController)
#include "tst_videocontroller.moc"
