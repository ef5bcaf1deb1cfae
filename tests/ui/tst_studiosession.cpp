// SPDX-License-Identifier: GPL-3.0-or-later
// The studio's session is the model: its values change by its own calls and
// say so; the painting list and the parameter panel show them and write the
// painter's edits back; controllers read and steer from the session alone.
#include "background/autosaver.h"
#include "background/stylerunner.h"
#include "sessionfixture.h"
#include "testsupport.h"
#include "widgets/logslider.h"
#include "widgets/printsizepicker.h"
#include "window/collectioncontroller.h"
#include "window/runcontroller.h"

#include "brushwork/error.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>
#include <QtTest>

using namespace brushwork::studio;

class TestStudioSession : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void changesSayWhatChanged();
    void anUnreadableSettingIsThrownUntilReplaced();
    void thePaintingListFollowsAndEdits();
    void theParameterPanelFollowsAndEdits();
    void controllersReadAndSteerFromTheSession();
};

void TestStudioSession::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestStudioSession::changesSayWhatChanged()
{
    StudioSession session;
    QSignalSpy photo(&session, &StudioSession::photoChanged);
    QSignalSpy paintings(&session, &StudioSession::paintingsChanged);
    QSignalSpy shares(&session, &StudioSession::sharesChanged);
    QSignalSpy settings(&session, &StudioSession::settingsChanged);
    QSignalSpy weights(&session, &StudioSession::weightsChanged);
    QSignalSpy print(&session, &StudioSession::printSizeChanged);

    session.setPhoto("photo.png", testsupport::makeContentImage(48, 32));
    QCOMPARE(photo.size(), 1);
    QCOMPARE(session.photoImage().size(), QSize(48, 32));
    session.addPainting("a.png", testsupport::makeStyleImage(32, 32));
    session.addPainting("b.png", testsupport::makeStyleImage(32, 32), 0.5f);
    session.movePainting(0, 1);
    session.movePainting(0, 7); // out of range: nothing
    QCOMPARE(paintings.size(), 3);
    QCOMPARE(session.paintings()[0].path, QString("b.png"));
    QCOMPARE(session.shares(), (std::vector<float>{0.5f, 1.0f}));

    session.setShare(1, 0.25f);
    session.setShare(1, 0.25f); // no change: no news
    QCOMPARE(shares.size(), 1);
    QCOMPARE(weights.size(), 1);
    QCOMPARE(session.weights().styleBlend, (std::vector<float>{0.5f, 0.25f}));

    brushwork::StyleParams chosen = session.settings();
    chosen.size = 256;
    session.setSettings(chosen); // the loss weights are the same: no steering
    QCOMPARE(settings.size(), 1);
    QCOMPARE(weights.size(), 1);
    chosen.weights.style = 123;
    session.setSettings(chosen);
    QCOMPARE(weights.size(), 2);
    const brushwork::StyleParams params = session.params();
    QCOMPARE(params.size, 256);
    QCOMPARE(params.weights.style, 123.0f);
    QCOMPARE(params.weights.styleBlend, (std::vector<float>{0.5f, 0.25f})); // the blend is the shares

    QCOMPARE(session.dpiFor(QSize(4961, 3508)), 0.0); // the screen
    session.setPrintSize("A4@300");
    QCOMPARE(print.size(), 1);
    QVERIFY(std::abs(session.dpiFor(QSize(3508, 2480)) - 300) < 0.5);
    QVERIFY_THROWS_EXCEPTION(brushwork::Error, session.setPrintSize("a napkin"));
    QCOMPARE(session.printSize(), QString("A4@300"));
    QCOMPARE(session.recipe().printSize, std::string("A4@300"));
}

void TestStudioSession::anUnreadableSettingIsThrownUntilReplaced()
{
    StudioSession session;
    const brushwork::Error unreadable(brushwork::ErrorKind::Usage, {}, "the weight of relu2_1 is no number");
    session.setSettings(session.settings(), unreadable);
    try {
        session.params();
        QFAIL("params() took an unreadable setting");
    } catch (const brushwork::Error& error) {
        QCOMPARE(error.reason(), unreadable.reason());
    }
    QVERIFY_THROWS_EXCEPTION(brushwork::Error, session.recipe());
    session.setSettings(session.settings());
    QCOMPARE(session.params().size, session.settings().size);
}

void TestStudioSession::thePaintingListFollowsAndEdits()
{
    SessionFixture fixture;
    auto slider = [&](int index) { return fixture.paintings->findChild<QSlider*>(QString("blend%1").arg(index)); };
    fixture.session.addPainting("a.png", testsupport::makeStyleImage(32, 32));
    fixture.session.addPainting("b.png", testsupport::makeStyleImage(32, 32), 0.5f);
    // The rows the list replaced go by deleteLater.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCOMPARE(fixture.paintings->findChildren<QSlider*>().size(), 2);
    QCOMPARE(slider(1)->value(), 50);

    fixture.session.setShare(0, 0.25f);
    QCOMPARE(slider(0)->value(), 25);
    slider(1)->setValue(80); // the painter moves a share
    QCOMPARE(fixture.session.shares(), (std::vector<float>{0.25f, 0.8f}));

    QList<QToolButton*> removes;
    for (QToolButton* button : fixture.paintings->findChildren<QToolButton*>())
        if (button->toolTip() == "Remove this painting")
            removes << button;
    QCOMPARE(removes.size(), 2);
    removes.first()->click();
    QCOMPARE(fixture.session.paintings().size(), std::size_t(1));
    QCOMPARE(fixture.session.paintings()[0].path, QString("b.png"));
}

void TestStudioSession::theParameterPanelFollowsAndEdits()
{
    SessionFixture fixture;
    ParameterPanel& panel = *fixture.parameters;
    // The panel's starting values are the session's first settings.
    QCOMPARE(fixture.session.settings().size, panel.outputSize()->value());
    QCOMPARE(fixture.session.settings().init, brushwork::InitKind::Instant);

    brushwork::StyleParams project = fixture.session.settings();
    project.weights.style = 123;
    project.iterations = 150; // Draft
    project.size = 320;
    fixture.session.setSettings(project);
    QCOMPARE(panel.styleWeight()->value(), 123.0);
    QCOMPARE(panel.quality()->currentIndex(), 0);
    QCOMPARE(panel.outputSize()->value(), 320);

    panel.outputSize()->setValue(256);
    QCOMPARE(fixture.session.settings().size, 256);
    panel.stopAtPlateau()->setChecked(false);
    QVERIFY(!fixture.session.settings().stopAtPlateau);

    // A print chosen in the picker is the session's, and its pixels the size.
    fixture.session.setPhoto("photo.png", testsupport::makeContentImage(64, 48));
    QComboBox* presets = panel.printPicker()->presets();
    presets->setCurrentIndex(presets->findData("A4"));
    QCOMPARE(fixture.session.printSize(), QString("A4@300"));
    QCOMPARE(fixture.session.settings().size, panel.outputSize()->value());
    QVERIFY(fixture.session.settings().size > 3000);
    fixture.session.setPrintSize({});
    QCOMPARE(presets->currentIndex(), 0);

    // Half-typed layer weights: Start refuses them by name; the rest still steers.
    auto* styleLayers = panel.findChild<QLineEdit*>("styleLayers");
    styleLayers->setText("relu1_1:heavy");
    QVERIFY_THROWS_EXCEPTION(brushwork::Error, fixture.session.params());
    panel.smoothness()->setValue(5);
    QCOMPARE(fixture.session.weights().tv, 5.0f);
    styleLayers->setText("relu1_1:2");
    QCOMPARE(fixture.session.params().styleLayers.size(), std::size_t(1));
}

void TestStudioSession::controllersReadAndSteerFromTheSession()
{
    SessionFixture fixture;
    StyleRunner runner;
    Autosaver autosaver(testsupport::scratchDir() + "/autosave");
    RunController run(fixture.session, runner, autosaver, &fixture.window);
    CollectionController collections(fixture.session, &fixture.window);
    QVERIFY(!collections.canAdd());
    fixture.session.setPhoto("photo.png", testsupport::makeContentImage(32, 32));
    fixture.session.addPainting("a.png", testsupport::makeStyleImage(32, 32));
    QVERIFY(collections.canAdd());

    // What a run in progress follows: the session's weights, whoever moved them.
    fixture.session.setShare(0, 0.4f);
    QCOMPARE(runner.steering().styleBlend, std::vector<float>{0.4f});
    fixture.parameters->styleWeight()->setValue(77);
    QCOMPARE(runner.steering().style, 77.0f);
    brushwork::StyleParams settings = fixture.session.settings();
    settings.weights.content = 3;
    fixture.session.setSettings(settings);
    QCOMPARE(runner.steering().content, 3.0f);
}

QTEST_MAIN(TestStudioSession)
#include "tst_studiosession.moc"
