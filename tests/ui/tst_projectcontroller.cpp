// SPDX-License-Identifier: GPL-3.0-or-later
// Save Project, Open Project and the autosave offered back, on a session of
// their own: written and read in the background, a damaged project changes
// nothing.
#include "background/autosaver.h"
#include "sessionfixture.h"
#include "support/matimage.h"
#include "widgets/logslider.h"
#include "testsupport.h"
#include "window/projectcontroller.h"

#include "brushwork/image.h"
#include "brushwork/project.h"

#include <QSignalSpy>
#include <QtTest>

using namespace brushwork::studio;

class TestProjectController : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void savedWithCopiesItOpensWithoutTheOriginals();
    void aDamagedProjectChangesNothing();
    void aLeftAutosaveIsOfferedAndCanBeDiscarded();

private:
    void fill(SessionFixture& fixture);
    QString mPhoto;
    QString mPainting;
};

void TestProjectController::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    testsupport::emptyModelDir();
    mPhoto = testsupport::scratchDir() + "/photo.png";
    mPainting = testsupport::scratchDir() + "/painting.png";
    brushwork::saveImage(mPhoto.toStdString(), testsupport::makeContentImage(48, 32));
    brushwork::saveImage(mPainting.toStdString(), testsupport::makeStyleImage(32, 32));
}

void TestProjectController::fill(SessionFixture& fixture)
{
    fixture.session.setPhoto(mPhoto, brushwork::loadImage(mPhoto.toStdString()));
    fixture.session.addPainting(mPainting, brushwork::loadImage(mPainting.toStdString()), 0.5f);
    fixture.parameters->styleWeight()->setValue(42);
}

void TestProjectController::savedWithCopiesItOpensWithoutTheOriginals()
{
    SessionFixture saving;
    fill(saving);
    const cv::Mat painted = testsupport::makeStyleImage(48, 32);
    saving.session.setPicture(matimage::toQImage(painted, true));
    Autosaver unused(testsupport::scratchDir() + "/unused-autosave");
    ProjectController projects(saving.session, unused, &saving.window);
    const QString folder = testsupport::scratchDir() + "/moved";
    QDir().mkpath(folder);
    const QString path = folder + "/work.brushwork";
    QSignalSpy saved(&projects, &ProjectController::saved);
    projects.save(path, true);
    QVERIFY(saved.isEmpty()); // written in the background, answered later
    QVERIFY(saved.wait(20000));
    QCOMPARE(saved.first().first().toBool(), true);

    // The originals go away; the copies beside the project take their place.
    const QString photoCopy = testsupport::scratchDir() + "/photo-elsewhere.png";
    QVERIFY(QFile::rename(mPhoto, photoCopy));
    SessionFixture opening;
    ProjectController reading(opening.session, unused, &opening.window);
    QSignalSpy opened(&reading, &ProjectController::opened);
    QSignalSpy replacing(&reading, &ProjectController::aboutToReplaceWork);
    reading.open(path);
    QVERIFY(opened.wait(20000));
    QVERIFY(QFile::rename(photoCopy, mPhoto));
    QCOMPARE(opened.first().first().toBool(), true);
    QCOMPARE(replacing.size(), 1);
    QCOMPARE(opening.session.photoPath(), folder + "/work-pictures/photo.png");
    QVERIFY(testsupport::meanAbsDifference(opening.session.photo(), brushwork::loadImage(mPhoto.toStdString())) < 1e-4);
    QCOMPARE(opening.session.paintings().size(), std::size_t(1));
    QCOMPARE(opening.session.shares(), std::vector<float>{0.5f});
    QCOMPARE(opening.parameters->styleWeight()->value(), 42.0);
    QVERIFY(testsupport::meanAbsDifference(matimage::toMat(opening.session.picture()), painted) < 1e-4);
}

void TestProjectController::aDamagedProjectChangesNothing()
{
    SessionFixture fixture;
    fill(fixture);
    Autosaver unused(testsupport::scratchDir() + "/unused-autosave");
    ProjectController projects(fixture.session, unused, &fixture.window);
    const QString broken = testsupport::scratchDir() + "/broken.brushwork";
    QFile file(broken);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"format\": \"brushwork-project\", \"version\": 1, \"content\": {\"path\": 3}}");
    file.close();
    QSignalSpy notices(&projects, &ProjectController::notice);
    QSignalSpy opened(&projects, &ProjectController::opened);
    QSignalSpy replacing(&projects, &ProjectController::aboutToReplaceWork);
    projects.open(broken);
    QVERIFY(opened.wait(20000));
    QCOMPARE(opened.first().first().toBool(), false);
    QVERIFY(replacing.isEmpty());
    QVERIFY(!notices.isEmpty());
    const QString message = notices.last().first().toString();
    QVERIFY2(message.contains("broken.brushwork"), qPrintable(message));
    QCOMPARE(fixture.session.photoPath(), mPhoto);
    QCOMPARE(fixture.session.paintings().size(), std::size_t(1));
}

void TestProjectController::aLeftAutosaveIsOfferedAndCanBeDiscarded()
{
    SessionFixture fixture;
    const QString folder = testsupport::scratchDir() + "/left-autosave";
    Autosaver autosaver(folder);
    ProjectController projects(fixture.session, autosaver, &fixture.window);
    QVERIFY(!projects.hasRecovery());
    QDir().mkpath(folder);
    brushwork::saveProject(autosaver.projectPath().toStdString(), brushwork::Project{});
    QVERIFY(projects.hasRecovery());
    QSignalSpy notices(&projects, &ProjectController::notice);
    projects.offerRecovery();
    QVERIFY(notices.last().first().toString().contains("href='restore'"));
    projects.discardRecovery();
    QVERIFY(!projects.hasRecovery());
    QVERIFY(notices.last().first().toString().isEmpty());
}

QTEST_MAIN(TestProjectController)
#include "tst_projectcontroller.moc"
