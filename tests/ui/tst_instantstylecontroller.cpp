// SPDX-License-Identifier: GPL-3.0-or-later
// The instant styles' controller on a session of its own: what it says when
// it cannot paint or refine, and a refused network that changes nothing.
#include "background/stylerunner.h"
#include "sessionfixture.h"
#include "support/matimage.h"
#include "testsupport.h"
#include "widgets/instantstylepanel.h"
#include "window/instantstylecontroller.h"

#include "brushwork/faststylelibrary.h"

#include <QAction>
#include <QMessageBox>
#include <QSignalSpy>
#include <QtTest>

using namespace brushwork::studio;

class TestInstantStyleController : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void withoutAPhotoItSaysWhatIsMissing();
    void refineSaysWhatIsMissing();
    void aFileThatIsNoNetworkIsRefused();
};

void TestInstantStyleController::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    testsupport::emptyModelDir();
}

void TestInstantStyleController::withoutAPhotoItSaysWhatIsMissing()
{
    SessionFixture fixture;
    StyleRunner runner;
    QAction add("Add", nullptr), refine("Refine", nullptr);
    InstantStyleController styles(fixture.session, runner, &add, &refine, &fixture.window);
    QSignalSpy notices(&styles, &InstantStyleController::notice);
    styles.apply("/models/fast-styles/candy.safetensors");
    QVERIFY(notices.last().first().toString().contains("Open a photo first"));
    QVERIFY(fixture.session.picture().isNull());
}

void TestInstantStyleController::refineSaysWhatIsMissing()
{
    SessionFixture fixture;
    fixture.session.setPhoto("photo.png", testsupport::makeContentImage(32, 32));
    fixture.session.setPicture(matimage::toQImage(testsupport::makeStyleImage(32, 32)), "candy");
    StyleRunner runner;
    QAction add("Add", nullptr), refine("Refine", nullptr);
    InstantStyleController styles(fixture.session, runner, &add, &refine, &fixture.window);
    QSignalSpy notices(&styles, &InstantStyleController::notice);
    QSignalSpy requested(&styles, &InstantStyleController::refineRequested);
    // Nothing installed and no built-in network: an install without its models folder.
    qputenv("BRUSHWORK_BUILTIN_MODEL_DIR", (testsupport::scratchDir() + "/no-builtin-models").toUtf8());
    styles.refine();
    qunsetenv("BRUSHWORK_BUILTIN_MODEL_DIR");
    QVERIFY(notices.last().first().toString().contains("feature network"));

    const QString models = testsupport::emptyModelDir();
    QVERIFY(QFile::copy(testsupport::randomWeightsPath(), models + "/vgg19.safetensors"));
    styles.refine();
    QVERIFY(notices.last().first().toString().contains("href='add-painting'"));
    QVERIFY(requested.isEmpty());

    fixture.paintings->addStyle("painting.png", testsupport::makeStyleImage(32, 32));
    styles.refine();
    QCOMPARE(requested.size(), 1);
    testsupport::emptyModelDir();
}

void TestInstantStyleController::aFileThatIsNoNetworkIsRefused()
{
    SessionFixture fixture;
    StyleRunner runner;
    QAction add("Add", nullptr), refine("Refine", nullptr);
    InstantStyleController styles(fixture.session, runner, &add, &refine, &fixture.window);
    const QString notes = testsupport::scratchDir() + "/notes.safetensors";
    QFile file(notes);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("shopping list: canvas, linseed oil");
    file.close();
    QString message;
    QTimer answer;
    answer.setInterval(10);
    connect(&answer, &QTimer::timeout, [&] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            message = box->text();
            box->accept();
        }
    });
    answer.start();
    QSignalSpy added(&styles, &InstantStyleController::networkAdded);
    styles.addNetwork(notes);
    QVERIFY(added.isEmpty()); // checked in the background
    QVERIFY(added.wait(20000));
    QCOMPARE(added.first().first().toBool(), false);
    QVERIFY2(message.contains("notes.safetensors"), qPrintable(message));
    QVERIFY(brushwork::installedFastStyles().empty());
}

QTEST_MAIN(TestInstantStyleController)
#include "tst_instantstylecontroller.moc"
