// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "brushwork/params.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSettings;
class QSpinBox;
class QCheckBox;

namespace brushwork::studio {

class LogSlider;
class PrintSizePicker;

/// Every setting of a painting. The three weight sliders steer a run in
/// progress (weightsChanged); the rest apply from the next Start.
class ParameterPanel : public QWidget {
    Q_OBJECT
public:
    explicit ParameterPanel(QWidget* parent = nullptr);

    /// The settings as engine parameters (style blends are the style list's).
    /// Throws Error(Usage) naming a style layer whose weight is not a number.
    brushwork::StyleParams params() const;
    brushwork::LossWeights weights() const;
    /// Shows `params` (from a project); a number of iterations that is no
    /// preset becomes a "Custom" quality.
    void setParams(const brushwork::StyleParams& params);

    LogSlider* contentWeight() const { return mContentWeight; }
    LogSlider* styleWeight() const { return mStyleWeight; }
    LogSlider* smoothness() const { return mSmoothness; }
    QComboBox* quality() const { return mQuality; }
    QCheckBox* stopAtPlateau() const { return mStopAtPlateau; }
    QSpinBox* outputSize() const { return mSize; }
    PrintSizePicker* printPicker() const { return mPrint; }

    void save(QSettings& settings) const;
    void restore(const QSettings& settings);

Q_SIGNALS:
    void weightsChanged();

private:
    QWidget* makeAdvanced();

    LogSlider* mContentWeight;
    LogSlider* mStyleWeight;
    LogSlider* mSmoothness;
    QSpinBox* mSize;
    PrintSizePicker* mPrint;
    QDoubleSpinBox* mStyleScale;
    QComboBox* mQuality;
    QComboBox* mColours;
    QComboBox* mOptimizer;
    QComboBox* mInit;
    QComboBox* mPooling;
    QCheckBox* mFixedSeed;
    QCheckBox* mStopAtPlateau;
    QSpinBox* mSeed;
    QLineEdit* mContentLayers;
    QLineEdit* mStyleLayers;
};

} // namespace brushwork::studio
