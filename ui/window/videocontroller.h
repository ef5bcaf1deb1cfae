// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "session/studiosession.h"

#include <QObject>
#include <QString>
#include <opencv2/core.hpp>

#include <chrono>

class QWidget;

namespace brushwork::studio {

class ClipPaintRunner;
class ClipReader;
class ClipStrip;
class PictureController;

/// Clips in the studio (issue 25): a video or an animated GIF or WebP opens
/// like a photo, its current frame being the photo the preview and Start
/// paint; the strip under the preview scrubs through it; "Paint the Video"
/// paints every frame in the background; Export writes the painted clip.
/// In a studio built without clips (-DBRUSHWORK_BUILD_VIDEO=OFF) it opens
/// none and its strip never shows (videounavailable.cpp).
class VideoController : public QObject {
    Q_OBJECT
public:
    /// Takes the clips `pictures` is asked to open as the photo; `window`
    /// parents the dialogs.
    VideoController(StudioSession& session, PictureController& pictures, QWidget* window);
    ~VideoController() override;

    /// The strip of the clip's frames; hidden while no clip is open (none
    /// in a studio without clips).
    QWidget* strip() const;
    /// `preview` with the strip under it, to place where `preview` would go.
    QWidget* withStrip(QWidget* preview) const;
    /// Whether `path` is a clip this studio opens (none without clips).
    static bool isClip(const std::string& path);
    /// Opens `path` when it is a clip, in the background; false when it is not.
    bool open(const QString& path);
    /// A frame of a clip, read to be the photo (a project's).
    struct Frame {
        StudioSession::Clip clip;
        int index = 0; ///< from 0
        cv::Mat image;
    };
    /// Frame `index` of the clip at `path`, off the GUI thread. Throws Error
    /// naming the clip when it cannot be read or has no such frame (in a
    /// studio without clips, always).
    static Frame readFrame(const QString& path, int index);
    /// Opens the clip `frame` was read from at that frame, with its strip;
    /// the frames Paint the Video painted for it, when they are all in
    /// paintedFolder(), are the painted clip again.
    void reopen(const Frame& frame);
    void showFrame(int index);
    /// Paints every frame into the folder of painted frames.
    void paintVideo();
    void togglePause();
    void cancel();
    bool painting() const;
    /// Export while a clip is open: asks how, then writes the painted clip.
    /// False when no clip is open (the picture's own Export applies).
    bool exportDialog();
    /// Writes the painted frames to `path` (.mp4, .webm, .gif or .webp),
    /// `longSide` pixels on their long side (0: as painted), at `fps` (0: the
    /// clip's), looping or not, in the background.
    void exportTo(const QString& path, int longSide = 0, double fps = 0, bool loop = true);
    /// Where "Paint the Video" puts the painted frames of the open clip.
    QString paintedFolder() const;

Q_SIGNALS:
    void painted(bool cancelled);
    void exported(bool ok);
    void notice(const QString& text);
    void status(const QString& text);

private:
    void onProgress(int done, int total, int resumed, double seconds);
    void onPainted(const QString& folder, bool cancelled, int frames);

    StudioSession& mSession;
    QWidget* mWindow;
    ClipReader* mReader = nullptr;
    ClipPaintRunner* mRunner = nullptr;
    ClipStrip* mStrip = nullptr;
};

} // namespace brushwork::studio
