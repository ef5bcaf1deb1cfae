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
class StudioSession;

/// Every run setting of the session, shown and edited: each edit goes into
/// the session at once (the three weight sliders steer a run in progress
/// through it), and settings the session gets from elsewhere (a project)
/// are shown. Its starting values, the studio's defaults, are the session's
/// first settings.
class ParameterPanel : public QWidget {
    Q_OBJECT
public:
    explicit ParameterPanel(StudioSession& session, QWidget* parent = nullptr);

    LogSlider* contentWeight() const { return mContentWeight; }
    LogSlider* styleWeight() const { return mStyleWeight; }
    LogSlider* smoothness() const { return mSmoothness; }
    QComboBox* quality() const { return mQuality; }
    QCheckBox* stopAtPlateau() const { return mStopAtPlateau; }
    QSpinBox* plateauWindow() const { return mPlateauWindow; }
    QSpinBox* outputSize() const { return mSize; }
    PrintSizePicker* printPicker() const { return mPrint; }

    void save(QSettings& settings) const;
    void restore(const QSettings& settings);

private:
    QWidget* makeAdvanced();
    /// Writes what the editors show into the session.
    void commit();
    /// Shows the session's settings, then keeps what the editors show.
    void showSettings();
    /// A number of iterations that is no preset becomes a "Custom" quality.
    void showInEditors(const brushwork::StyleParams& params);

    StudioSession& mSession;
    bool mSyncing = false; ///< committing or showing: the echo is ignored

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
    QSpinBox* mPlateauWindow;
    QSpinBox* mSeed;
    QLineEdit* mContentLayers;
    QLineEdit* mStyleLayers;
};

} // namespace brushwork::studio
