// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "brushwork/printsize.h"

#include <QSize>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QSettings;
class QSpinBox;

namespace brushwork::studio {

class StudioSession;

/// Chooses what the picture is for: the screen (a size in pixels) or a
/// print (paper and DPI), which sets the size box to the pixels the print
/// needs. The choice is the session's print size, shown and edited here.
/// Shows the pixel size, the effective DPI, whether the session's photo is
/// enlarged too far and how the size fits in memory.
class PrintSizePicker : public QWidget {
    Q_OBJECT
public:
    /// `size` is the panel's long-side box, which this sets and follows.
    PrintSizePicker(QSpinBox* size, StudioSession& session, QWidget* parent = nullptr);

    QComboBox* presets() const { return mPresets; }
    QSpinBox* dpi() const { return mDpi; }
    QLabel* info() const { return mInfo; }

    void save(QSettings& settings) const;
    void restore(const QSettings& settings);

private:
    std::optional<brushwork::PrintSize> chosen() const;
    /// The chosen print as --print spells it ("A3@300"); empty on screen.
    QString printText() const;
    void applyPreset();
    void showPrint();
    void describe();

    StudioSession& mSession;
    bool mShowing = false; ///< showing the session's print: nothing to write back
    QSpinBox* mSize;
    QComboBox* mPresets;
    QSpinBox* mDpi;
    QLabel* mInfo;
    QSize mContent;
};

} // namespace brushwork::studio
