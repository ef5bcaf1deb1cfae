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

/// Chooses what the picture is for: the screen (a size in pixels) or a
/// print (paper and DPI), which sets the size box to the pixels the print
/// needs. Shows the pixel size, the effective DPI, whether the photo is
/// enlarged too far and how the size fits in memory.
class PrintSizePicker : public QWidget {
    Q_OBJECT
public:
    /// `size` is the panel's long-side box, which this sets and follows.
    explicit PrintSizePicker(QSpinBox* size, QWidget* parent = nullptr);

    /// The photo's pixels, for the aspect ratio and the enlargement warning.
    void setContentSize(QSize size);

    /// The chosen print as --print spells it ("A3@300"); empty on screen.
    QString printText() const;
    /// The DPI to write into a picture of `picture` pixels: its resolution
    /// printed on the chosen paper; 0 for the screen or an empty size.
    double dpiFor(QSize picture) const;
    QComboBox* presets() const { return mPresets; }
    QSpinBox* dpi() const { return mDpi; }
    QLabel* info() const { return mInfo; }

    void save(QSettings& settings) const;
    void restore(const QSettings& settings);

private:
    std::optional<brushwork::PrintSize> chosen() const;
    void applyPreset();
    void describe();

    QSpinBox* mSize;
    QComboBox* mPresets;
    QSpinBox* mDpi;
    QLabel* mInfo;
    QSize mContent;
};

} // namespace brushwork::studio
