// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QDoubleSpinBox;
class QSlider;

namespace brushwork::studio {

/// A slider over a logarithmic range with a number box beside it, for
/// weights that matter by their order of magnitude.
class LogSlider : public QWidget {
    Q_OBJECT
public:
    LogSlider(double minimum, double maximum, double value, QWidget* parent = nullptr);

    double value() const { return mValue; }
    void setValue(double value);
    QSlider* slider() const { return mSlider; }

Q_SIGNALS:
    /// While dragging, too: the engine takes new weights at its next step.
    void valueChanged(double value);

private:
    int position(double value) const;

    double mMinimum;
    double mMaximum;
    double mValue;
    QSlider* mSlider;
    QDoubleSpinBox* mBox;
};

} // namespace brushwork::studio
