// SPDX-License-Identifier: GPL-3.0-or-later
// A project saved with a clip open (issue 25): Save Project and the autosave
// keep the clip and its frame, Open Project reopens the clip at that frame
// with its strip and painted frames, and a missing clip is named without
// changing anything.
#include "background/autosaver.h"
#include "clipfile.h"
#include "panclip.h"
#include "sessionfixture.h"
#include "support/matimage.h"
#include "testsupport.h"
#include "widgets/clipstrip.h"
#include "window/picturecontroller.h"
#include "window/projectcontroller.h"
#include "window/videocontroller.h"

#include "brushwork/image.h"
#include "brushwork/project.h"

#include <QDir>
#include <QLabel>
#include <QProgressBar>
#include <QSignalSpy>
#include <QtTest>

using namespace brushwork::studio;

namespace {

constexpr int kFrames = 6;

} // namespace

class TestClipProject : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void savedWithAClipOpenItReopensAtItsFrame();
    void theAutosaveOfAClipRestoresTheClip();
    void aMissingClipIsNamedAndChangesNothing();
    void withCopiesAMissingClipLeavesItsFrame();
    void aStillsProjectOpensAsBefore();
    void aClipProjectFromBeforeFramesWereKeptOpensAtItsFirst();

private:
    /// The studio's parts that open and save projects, clips included.
    struct Studio {
        explicit Studio(const QString& autosave = testsupport::scratchDir() + "/unused-autosave") : autosaver(autosave)
        {
            projects.openClipsWith(video);
        }
        SessionFixture fixture;
        Autosaver autosaver;
        PictureController pictures{fixture.session, &fixture.window};
        VideoController video{fixture.session, pictures, &fixture.window};
        ProjectController projects{fixture.session, autosaver, &fixture.window};
        const StudioSession& session() const { return fixture.session; }
    };
    /// Opens the clip at frame `frame` with a painting and a picture painted.
    void openClip(Studio& studio, int frame);
    QString save(Studio& studio, const QString& name, bool withCopies);
    /// Opens `project` in `studio`; whether it opened.
    bool open(Studio& studio, const QString& project);

    std::vector<cv::Mat> mFrames;
    QString mClip;
    QString mPainting;
    cv::Mat mPicture;
};

void TestClipProject::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).removeRecursively();
    testsupport::emptyModelDir();
    mFrames = testsupport::panFrames(kFrames, cv::Size(48, 32), 6);
    mClip = testsupport::scratchDir() + "/pan.gif";
    testsupport::writeClip(mClip.toStdString(), mFrames, 10);
    mPainting = testsupport::scratchDir() + "/painting.png";
    brushwork::saveImage(mPainting.toStdString(), testsupport::makeStyleImage(32, 32));
    mPicture = testsupport::makeStyleImage(48, 32);
}

void TestClipProject::openClip(Studio& studio, int frame)
{
    StudioSession& session = studio.fixture.session;
    session.addPainting(mPainting, brushwork::loadImage(mPainting.toStdString()), 0.5f);
    studio.pictures.load({mClip}, PictureLoader::Role::Auto);
    QTRY_COMPARE_WITH_TIMEOUT(session.clip().frameCount, kFrames, 20000);
    studio.video.showFrame(frame);
    QTRY_COMPARE_WITH_TIMEOUT(session.clipFrame(), frame, 20000);
    session.setPicture(matimage::toQImage(mPicture, true));
}

QString TestClipProject::save(Studio& studio, const QString& name, bool withCopies)
{
    const QString path = testsupport::scratchDir() + "/" + name;
    QSignalSpy saved(&studio.projects, &ProjectController::saved);
    studio.projects.save(path, withCopies);
    return saved.wait(20000) && saved.first().first().toBool() ? path : QString();
}

bool TestClipProject::open(Studio& studio, const QString& project)
{
    QSignalSpy opened(&studio.projects, &ProjectController::opened);
    studio.projects.open(project);
    return opened.wait(20000) && opened.first().first().toBool();
}

void TestClipProject::savedWithAClipOpenItReopensAtItsFrame()
{
    Studio saving;
    openClip(saving, 3);
    const QString project = save(saving, "clip.brushwork", false);
    QVERIFY(!project.isEmpty());
    const brushwork::Project written = brushwork::loadProject(project.toStdString());
    QCOMPARE(QString::fromStdString(written.content.path), mClip);
    QCOMPARE(written.contentFrame, 4); // counted from 1, as the strip shows it
    // Paint the Video finished this clip before: its frames are in the cache.
    const QString painted = saving.video.paintedFolder();
    testsupport::savePanFolder(std::vector<cv::Mat>(kFrames, mPicture), painted.toStdString());

    Studio opening;
    QVERIFY(open(opening, project));
    const StudioSession& session = opening.session();
    QVERIFY(session.hasClip());
    QCOMPARE(session.photoPath(), mClip);
    QCOMPARE(session.clipFrame(), 3);
    QVERIFY(testsupport::meanAbsDifference(session.photo(), mFrames[3]) < 0.03);
    QVERIFY(testsupport::meanAbsDifference(session.photo(), mFrames[0]) > 0.03);
    QCOMPARE(session.paintings().size(), std::size_t(1));
    QCOMPARE(session.shares(), std::vector<float>{0.5f});
    QVERIFY(testsupport::meanAbsDifference(matimage::toMat(session.picture()), mPicture) < 1e-3);
    QCOMPARE(session.paintedClip(), painted);
    auto* strip = qobject_cast<ClipStrip*>(opening.video.strip());
    QVERIFY(!strip->isHidden());
    QTRY_COMPARE_WITH_TIMEOUT(session.clip().frameCount, kFrames, 20000);
    QCOMPARE(strip->findChild<QLabel*>("clipPosition")->text(), QString("Frame 4 of %1").arg(kFrames));
    QCOMPARE(strip->findChild<QProgressBar*>()->format(), QString("All frames painted"));
    // Scrubbing reads the reopened clip.
    opening.video.showFrame(1);
    QTRY_COMPARE_WITH_TIMEOUT(session.clipFrame(), 1, 20000);
    QVERIFY(testsupport::meanAbsDifference(session.photo(), mFrames[1]) < 0.03);
    QDir(painted).removeRecursively();
}

void TestClipProject::theAutosaveOfAClipRestoresTheClip()
{
    const QString folder = testsupport::scratchDir() + "/clip-autosave";
    Studio painting(folder);
    openClip(painting, 2);
    QSignalSpy saved(&painting.autosaver, &Autosaver::saved);
    painting.autosaver.begin(painting.session().recipe(), painting.session().photo(),
                             painting.session().paintingImages());
    painting.autosaver.save(painting.session().picture(), {});
    QVERIFY(saved.wait(20000));

    Studio restoring(folder);
    QVERIFY(restoring.projects.hasRecovery());
    QSignalSpy opened(&restoring.projects, &ProjectController::opened);
    restoring.projects.restoreRecovery();
    QVERIFY(opened.wait(20000));
    QVERIFY(opened.first().first().toBool());
    QVERIFY(restoring.session().hasClip());
    QCOMPARE(restoring.session().photoPath(), mClip);
    QCOMPARE(restoring.session().clipFrame(), 2);
    QVERIFY(!restoring.session().picture().isNull());
    restoring.autosaver.clear();
}

void TestClipProject::aMissingClipIsNamedAndChangesNothing()
{
    Studio saving;
    openClip(saving, 3);
    const QString project = save(saving, "gone.brushwork", false);
    QVERIFY(!project.isEmpty());
    const QString away = testsupport::scratchDir() + "/pan-moved.gif";
    QVERIFY(QFile::rename(mClip, away));

    Studio opening;
    const QString photo = testsupport::scratchDir() + "/photo.png";
    brushwork::saveImage(photo.toStdString(), testsupport::makeContentImage(48, 32));
    opening.fixture.session.setPhoto(photo, brushwork::loadImage(photo.toStdString()));
    QSignalSpy notices(&opening.projects, &ProjectController::notice);
    const bool opened = open(opening, project);
    QVERIFY(QFile::rename(away, mClip));
    QVERIFY(!opened);
    QVERIFY(!notices.isEmpty());
    const QString message = notices.last().first().toString();
    QVERIFY2(message.contains("pan.gif") && message.contains("frame 4"), qPrintable(message));
    QVERIFY2(message.contains("back at " + mClip), qPrintable(message)); // where it belongs
    QCOMPARE(opening.session().photoPath(), photo);
    QVERIFY(!opening.session().hasClip());
    QVERIFY(opening.session().paintings().empty());
}

void TestClipProject::withCopiesAMissingClipLeavesItsFrame()
{
    Studio saving;
    openClip(saving, 5);
    const QString project = save(saving, "copies.brushwork", true);
    QVERIFY(!project.isEmpty());
    const QString away = testsupport::scratchDir() + "/pan-moved.gif";
    QVERIFY(QFile::rename(mClip, away));

    Studio opening;
    QSignalSpy notices(&opening.projects, &ProjectController::notice);
    const bool opened = open(opening, project);
    QVERIFY(QFile::rename(away, mClip));
    QVERIFY(opened);
    QVERIFY(!opening.session().hasClip());
    QVERIFY(testsupport::meanAbsDifference(opening.session().photo(), mFrames[5]) < 0.03);
    const QString message = notices.last().first().toString();
    QVERIFY2(message.contains("pan.gif") && message.contains("frame 6"), qPrintable(message));
}

void TestClipProject::aStillsProjectOpensAsBefore()
{
    Studio saving;
    const QString photo = testsupport::scratchDir() + "/still.png";
    brushwork::saveImage(photo.toStdString(), mFrames[2]);
    saving.fixture.session.setPhoto(photo, brushwork::loadImage(photo.toStdString()));
    saving.fixture.session.addPainting(mPainting, brushwork::loadImage(mPainting.toStdString()));
    const QString project = save(saving, "still.brushwork", false);
    QVERIFY(!project.isEmpty());
    QFile file(project);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains("\"version\": 1,")); // as older Brushworks wrote and read it

    Studio opening;
    QVERIFY(open(opening, project));
    QCOMPARE(opening.session().photoPath(), photo);
    QVERIFY(!opening.session().hasClip());
    QVERIFY(opening.video.strip()->isHidden());
}

void TestClipProject::aClipProjectFromBeforeFramesWereKeptOpensAtItsFirst()
{
    Studio saving;
    openClip(saving, 3);
    brushwork::Project project = saving.session().recipe();
    project.contentFrame = 0; // as the studio wrote it then: the clip alone, format 1
    const QString path = testsupport::scratchDir() + "/before.brushwork";
    brushwork::saveProject(path.toStdString(), project);

    Studio opening;
    QVERIFY(open(opening, path));
    QVERIFY(opening.session().hasClip());
    QCOMPARE(opening.session().clipFrame(), 0);
    QVERIFY(testsupport::meanAbsDifference(opening.session().photo(), mFrames[0]) < 0.03);
}

QTEST_MAIN(TestClipProject)
#include "tst_clipproject.moc"
