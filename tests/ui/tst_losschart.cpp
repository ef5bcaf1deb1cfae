// SPDX-License-Identifier: GPL-3.0-or-later
// The loss chart's axes: the curves always fit, and the log axis keeps to
// whole decades, where its labels are short numbers rather than "…".
#include "widgets/losschart.h"

#include "brushwork/progress.h"

#include <QLogValueAxis>
#include <QValueAxis>
#include <QtTest>

#include <cmath>

using namespace brushwork::studio;

class TestLossChart : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void axisSpansWholeDecadesAroundTheCurves();
    void axisGrowsWithARunThatStopsWhenDone();
};

namespace {

bool isPowerOfTen(double value)
{
    const double exponent = std::log10(value);
    return std::abs(exponent - std::round(exponent)) < 1e-9;
}

} // namespace

void TestLossChart::axisSpansWholeDecadesAroundTheCurves()
{
    LossChart chart;
    chart.resize(600, 160);
    auto* y = qobject_cast<QLogValueAxis*>(chart.chart()->axes(Qt::Vertical).first());
    QVERIFY(y);
    // A SqueezeNet run's figures: all inside one decade, where the old range
    // (lowest × 0.8 to highest × 1.25) left no power of ten to label.
    const double losses[][3] = {{0.31, 0.0, 0.31}, {0.24, 0.05, 0.19}, {0.18, 0.07, 0.11}};
    int iteration = 0;
    for (const auto& loss : losses) {
        brushwork::Progress progress;
        progress.iteration = iteration += 10;
        progress.totalIterations = 400;
        progress.loss = loss[0];
        progress.content = loss[1];
        progress.style = loss[2];
        chart.add(progress);
    }
    QCOMPARE(chart.pointCount(), 3);
    QVERIFY2(isPowerOfTen(y->min()) && isPowerOfTen(y->max()), qPrintable(QString("%1..%2").arg(y->min()).arg(y->max())));
    QVERIFY(y->min() <= 0.05 && y->max() >= 0.31);
    QCOMPARE(y->min(), 0.01);
    QCOMPARE(y->max(), 1.0);
    auto* x = qobject_cast<QValueAxis*>(chart.chart()->axes(Qt::Horizontal).first());
    QCOMPARE(x->max(), 400.0);
    if (const QByteArray folder = qgetenv("BRUSHWORK_SCREENSHOT_DIR"); !folder.isEmpty())
        QVERIFY(chart.grab().save(QString::fromUtf8(folder) + "/losschart.png"));
}

void TestLossChart::axisGrowsWithARunThatStopsWhenDone()
{
    LossChart chart;
    auto* x = qobject_cast<QValueAxis*>(chart.chart()->axes(Qt::Horizontal).first());
    QVERIFY(x);
    brushwork::Progress progress;
    progress.totalIterations = 400;
    progress.mayStopEarly = true;
    progress.loss = progress.style = 1.0;
    auto at = [&](int iteration) {
        progress.iteration = iteration;
        chart.add(progress);
        return x->max();
    };
    // A default run stops at about 80: its curves fill the chart.
    QCOMPARE(at(1), 100.0);
    QCOMPARE(at(82), 100.0);
    QCOMPARE(at(100), 200.0);
    QCOMPARE(at(399), 400.0);
    QCOMPARE(at(400), 400.0); // never past the run's count

    chart.clear();
    progress.mayStopEarly = false; // a fixed count: the axis is the whole run from the start
    QCOMPARE(at(1), 400.0);
}

QTEST_MAIN(TestLossChart)
#include "tst_losschart.moc"
