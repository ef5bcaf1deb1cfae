// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/logslider.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QSignalBlocker>
#include <QSlider>

#include <algorithm>
#include <cmath>

namespace brushwork::studio {

namespace {
constexpr int kSteps = 1000;
}

LogSlider::LogSlider(double minimum, double maximum, double value, QWidget* parent)
    : QWidget(parent)
    , mMinimum(minimum)
    , mMaximum(maximum)
    , mValue(value)
    , mSlider(new QSlider(Qt::Horizontal))
    , mBox(new QDoubleSpinBox)
{
    mSlider->setRange(0, kSteps);
    mBox->setRange(minimum, maximum);
    mBox->setDecimals(minimum < 0.01 ? 4 : 2);
    mBox->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
    mBox->setFixedWidth(mBox->fontMetrics().horizontalAdvance("000000.0000") + 24);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(mSlider, 1);
    layout->addWidget(mBox);
    setValue(value);

    connect(mSlider, &QSlider::valueChanged, this, [this](int position) {
        const double fraction = double(position) / kSteps;
        setValue(mMinimum * std::pow(mMaximum / mMinimum, fraction));
    });
    connect(mBox, &QDoubleSpinBox::valueChanged, this, [this](double v) { setValue(v); });
}

int LogSlider::position(double value) const
{
    return int(std::lround(kSteps * std::log(value / mMinimum) / std::log(mMaximum / mMinimum)));
}

void LogSlider::setValue(double value)
{
    value = std::clamp(value, mMinimum, mMaximum);
    const bool changed = value != mValue;
    mValue = value;
    {
        const QSignalBlocker blockSlider(mSlider);
        const QSignalBlocker blockBox(mBox);
        mSlider->setValue(position(value));
        mBox->setValue(value);
    }
    if (changed)
        Q_EMIT valueChanged(value);
}

} // namespace brushwork::studio
