// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/losschart.h"

#include <QLineSeries>
#include <QLogValueAxis>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace brushwork::studio {

namespace {
// Losses at 0 have no place on a log axis.
constexpr double kFloor = 1e-6;
/// Iterations the x-axis grows by while a run that may stop early goes on.
constexpr int kAxisStep = 100;
} // namespace

LossChart::LossChart(QWidget* parent)
    : QChartView(parent)
    , mTotal(new QLineSeries)
    , mContent(new QLineSeries)
    , mStyle(new QLineSeries)
    , mX(new QValueAxis)
    , mY(new QLogValueAxis)
{
    auto* chart = new QChart;
    // The theme resets fonts and colours, so it comes before the axes' own settings.
    chart->setTheme(palette().color(QPalette::Window).lightness() < 128 ? QChart::ChartThemeDark
                                                                          : QChart::ChartThemeLight);
    mTotal->setName(tr("Total"));
    mContent->setName(tr("Photo"));
    mStyle->setName(tr("Painting"));
    for (QLineSeries* series : {mTotal, mContent, mStyle})
        chart->addSeries(series);
    chart->addAxis(mX, Qt::AlignBottom);
    chart->addAxis(mY, Qt::AlignLeft);
    for (QLineSeries* series : {mTotal, mContent, mStyle}) {
        series->attachAxis(mX);
        series->attachAxis(mY);
    }
    mX->setLabelFormat("%d");
    mX->setTickCount(3);
    mY->setLabelFormat("%g");
    QFont small = mY->labelsFont();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    mY->setLabelsFont(small);
    mX->setLabelsFont(small);
    mY->setBase(10);
    mY->setMinorTickCount(-1); // unlabelled lines between the decades
    chart->legend()->setAlignment(Qt::AlignRight);
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->setBackgroundRoundness(0);
    // QChartView starts with a chart of its own and setChart() only lets go
    // of it, so it is deleted here (LeakSanitizer found one per window).
    QChart* unused = this->chart();
    setChart(chart);
    delete unused;
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(140);
    clear();
}

void LossChart::add(const brushwork::Progress& p)
{
    const double values[] = {std::max(p.loss, kFloor), std::max(p.content, kFloor), std::max(p.style, kFloor)};
    mTotal->append(p.iteration, values[0]);
    mContent->append(p.iteration, values[1]);
    mStyle->append(p.iteration, values[2]);
    // The photo's loss starts at zero; the axis follows the values that show.
    for (double v : values) {
        if (v <= kFloor)
            continue;
        mLow = mLow == 0 ? v : std::min(mLow, v);
        mHigh = std::max(mHigh, v);
    }
    // A run that ends when the picture stops changing usually stops long
    // before its count (at about 80 of 400 iterations): the axis grows with
    // it, a hundred at a time, rather than leaving the curves in a corner.
    const int total = std::max(p.totalIterations, 1);
    mX->setRange(0, p.mayStopEarly ? std::min(total, (p.iteration / kAxisStep + 1) * kAxisStep) : total);
    // Whole decades: a log axis puts its labelled ticks on powers of ten, and
    // a range between them gets ticks whose long labels are elided to "…".
    if (mLow > 0)
        mY->setRange(std::pow(10.0, std::floor(std::log10(mLow))), std::pow(10.0, std::ceil(std::log10(mHigh * 1.01))));
}

void LossChart::clear()
{
    for (QLineSeries* series : {mTotal, mContent, mStyle})
        series->clear();
    mLow = mHigh = 0;
    mX->setRange(0, 100);
    mY->setRange(0.1, 10);
}

int LossChart::pointCount() const
{
    return int(mTotal->count());
}

} // namespace brushwork::studio
