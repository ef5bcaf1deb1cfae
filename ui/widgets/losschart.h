// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "brushwork/progress.h"

#include <QChartView>

class QLineSeries;
class QLogValueAxis;
class QValueAxis;

namespace brushwork::studio {

/// A small live chart of the total, content and style loss (log scale).
class LossChart : public QChartView {
    Q_OBJECT
public:
    explicit LossChart(QWidget* parent = nullptr);

    void add(const brushwork::Progress& progress);
    void clear();
    int pointCount() const;

private:
    QLineSeries* mTotal;
    QLineSeries* mContent;
    QLineSeries* mStyle;
    QValueAxis* mX;
    QLogValueAxis* mY;
    double mLow = 0;
    double mHigh = 0;
};

} // namespace brushwork::studio
