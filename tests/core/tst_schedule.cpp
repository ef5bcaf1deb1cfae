// SPDX-License-Identifier: GPL-3.0-or-later
// The coarse-to-fine plan: sizes grow by about sqrt(2) up to the request.
#include "brushwork/schedule.h"

#include <QtTest>
#include <cmath>
#include <numeric>

class TestSchedule : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sizesGrowBySqrtTwo_data();
    void sizesGrowBySqrtTwo();
    void iterationsAddUpAndFinalScaleGetsFourFifths();
    void smallRequestIsOneScale();
    void fewerIterationsThanScalesDropsCoarseOnes();
    void aPrintGrowsFromItsPreviewAtMostTwiceAStep();
};

void TestSchedule::sizesGrowBySqrtTwo_data()
{
    QTest::addColumn<int>("finalSide");
    QTest::addColumn<QList<int>>("sides");
    QTest::newRow("512") << 512 << QList<int>{128, 181, 256, 362, 512};
    QTest::newRow("1024") << 1024 << QList<int>{128, 181, 256, 362, 512, 724, 1024};
    QTest::newRow("300") << 300 << QList<int>{128, 196, 300};
}

void TestSchedule::sizesGrowBySqrtTwo()
{
    QFETCH(int, finalSide);
    QFETCH(QList<int>, sides);
    const auto steps = brushwork::planScales(finalSide, 1000);
    QList<int> planned;
    for (const auto& step : steps)
        planned << step.longSide;
    QCOMPARE(planned, sides);
    for (std::size_t i = 1; i < steps.size(); ++i) {
        const double ratio = double(steps[i].longSide) / steps[i - 1].longSide;
        QVERIFY2(ratio > 1.3 && ratio < 1.6, qPrintable(QString::number(ratio)));
    }
}

void TestSchedule::iterationsAddUpAndFinalScaleGetsFourFifths()
{
    const auto steps = brushwork::planScales(512, 501);
    const int total = std::accumulate(steps.begin(), steps.end(), 0, [](int sum, const auto& s) { return sum + s.iterations; });
    QCOMPARE(total, 501);
    QCOMPARE(steps.back().iterations, 501 - 501 / 5);
    for (const auto& step : steps)
        QVERIFY(step.iterations > 0);
}

void TestSchedule::smallRequestIsOneScale()
{
    const auto steps = brushwork::planScales(64, 50);
    QCOMPARE(steps.size(), std::size_t(1));
    QCOMPARE(steps[0].longSide, 64);
    QCOMPARE(steps[0].iterations, 50);
}

void TestSchedule::fewerIterationsThanScalesDropsCoarseOnes()
{
    const auto steps = brushwork::planScales(512, 3);
    QCOMPARE(steps.size(), std::size_t(3));
    QCOMPARE(steps.back().longSide, 512);
    QCOMPARE(steps[0].longSide, 256);
}

void TestSchedule::aPrintGrowsFromItsPreviewAtMostTwiceAStep()
{
    const std::vector<brushwork::ScaleStep> a3 = brushwork::planRefinement(512, 4961, 30);
    QCOMPARE(a3.size(), std::size_t(4));
    QCOMPARE(a3.back().longSide, 4961);
    int previous = 512;
    for (const brushwork::ScaleStep& step : a3) {
        QVERIFY(step.longSide > previous && step.longSide <= 2 * previous);
        QCOMPARE(step.iterations, 30);
        previous = step.longSide;
    }
    QCOMPARE(brushwork::planRefinement(512, 1024, 30).size(), std::size_t(1));
    QCOMPARE(brushwork::planRefinement(64, 192, 10).size(), std::size_t(2));
    QVERIFY(brushwork::planRefinement(512, 512, 30).empty());
    QVERIFY(brushwork::planRefinement(512, 256, 30).empty());
}

QTEST_APPLESS_MAIN(TestSchedule)
#include "tst_schedule.moc"
