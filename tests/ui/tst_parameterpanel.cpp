// SPDX-License-Identifier: GPL-3.0-or-later
// The quality presets: with the early stop on, each ends the run at its own
// point (Draft soonest, Fine last), and a project's own rule survives being
// shown; the plateau window's editor is the settings table's.
#include "session/studiosession.h"
#include "widgets/parameterpanel.h"

#include "brushwork/runsettings.h"

#include <QComboBox>
#include <QSpinBox>
#include <QtTest>

using namespace brushwork::studio;

class TestParameterPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void qualityPresetsStopLaterAndLater();
    void customQualityKeepsTheProjectsRule();
    void plateauWindowIsEditedAndShown();
};

void TestParameterPanel::qualityPresetsStopLaterAndLater()
{
    StudioSession session;
    ParameterPanel panel(session);
    QComboBox* quality = panel.quality();
    QCOMPARE(quality->count(), 3);
    QCOMPARE(quality->currentIndex(), 1); // Standard
    QCOMPARE(session.params().plateau.tolerance, brushwork::PlateauRule{}.tolerance);
    float lastTolerance = 1;
    int lastIterations = 0;
    for (int i = 0; i < quality->count(); ++i) {
        quality->setCurrentIndex(i);
        const brushwork::StyleParams p = session.params();
        QVERIFY2(p.plateau.tolerance < lastTolerance, qPrintable(quality->currentText()));
        QVERIFY(p.iterations > lastIterations);
        QVERIFY(p.stopAtPlateau);
        lastTolerance = p.plateau.tolerance;
        lastIterations = p.iterations;
    }
}

void TestParameterPanel::customQualityKeepsTheProjectsRule()
{
    StudioSession session;
    ParameterPanel panel(session);
    brushwork::StyleParams project;
    project.iterations = 777;
    project.plateau.tolerance = 0.013f;
    session.setSettings(project);
    QVERIFY(panel.quality()->currentText().contains("777"));
    QCOMPARE(session.params().iterations, 777);
    QCOMPARE(session.params().plateau.tolerance, 0.013f);

    project.iterations = 1000; // Fine's count: shown as Fine, with Fine's rule
    session.setSettings(project);
    QCOMPARE(panel.quality()->currentIndex(), 2);
    QVERIFY(session.params().plateau.tolerance < brushwork::PlateauRule{}.tolerance);
}

void TestParameterPanel::plateauWindowIsEditedAndShown()
{
    // The settings table's row gives the editor its range and tooltip.
    const brushwork::RunSetting& row = *brushwork::findRunSetting("plateau_window");
    StudioSession session;
    ParameterPanel panel(session);
    QSpinBox* window = panel.plateauWindow();
    QCOMPARE(window->toolTip(), QString(row.studioTip));
    QCOMPARE(window->minimum(), int(row.studioMin));
    QCOMPARE(window->maximum(), int(row.studioMax));
    QCOMPARE(window->value(), brushwork::PlateauRule{}.window);

    window->setValue(25);
    QCOMPARE(session.params().plateau.window, 25);
    brushwork::StyleParams project;
    project.plateau.window = 37;
    session.setSettings(project);
    QCOMPARE(window->value(), 37);
    QCOMPARE(session.params().plateau.window, 37);
}

QTEST_MAIN(TestParameterPanel)
#include "tst_parameterpanel.moc"
