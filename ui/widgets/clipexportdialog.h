// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace brushwork::studio {

/// How a painted clip is exported: the format (MP4, WebM, GIF or WebP),
/// the frames' long side, the frame rate and, for GIF and WebP, whether it
/// loops.
class ClipExportDialog : public QDialog {
    Q_OBJECT
public:
    /// Starts from the painted frames' long side and the clip's rate.
    ClipExportDialog(int longSide, double fps, QWidget* parent = nullptr);

    /// ".mp4", ".webm", ".gif" or ".webp".
    QString extension() const;
    int longSide() const;
    double fps() const;
    bool loop() const;

private:
    QComboBox* mFormat;
    QSpinBox* mLongSide;
    QDoubleSpinBox* mFps;
    QCheckBox* mLoop;
};

} // namespace brushwork::studio
