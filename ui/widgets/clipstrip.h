// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSlider;

namespace brushwork::studio {

class StudioSession;

/// Under the preview while a clip is open: a small picture of every frame,
/// a scrubber over them, the frame shown, and "Paint the Video" with its
/// progress, pause and cancel. A view of the session's clip; what the
/// painter asks for goes out as signals.
class ClipStrip : public QWidget {
    Q_OBJECT
public:
    explicit ClipStrip(StudioSession& session, QWidget* parent = nullptr);

    /// Frame `index`'s small picture (from 0), as the clip is read.
    void setThumbnail(int index, const QImage& picture);
    /// The frames known so far.
    int frameCount() const;
    /// Paint the Video's state: painting (paused or not) or idle, with its
    /// progress text.
    void showPainting(bool painting, bool paused);
    void showProgress(int done, int total, const QString& text);
    /// Whether the whole clip is painted by optimisation rather than one
    /// pass of the instant network.
    bool optimize() const;

Q_SIGNALS:
    /// The painter moved to frame `index` (from 0).
    void scrubbed(int index);
    void paintRequested();
    void pauseRequested();
    void cancelRequested();

private:
    void followClip();
    void followFrame();

    StudioSession& mSession;
    QListWidget* mFrames;
    QSlider* mScrubber;
    QLabel* mPosition;
    QComboBox* mMethod;
    QPushButton* mPaint;
    QPushButton* mPause;
    QPushButton* mCancel;
    QProgressBar* mProgress;
};

} // namespace brushwork::studio
