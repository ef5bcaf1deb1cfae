// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "brushwork/tasks/taskrunner.h"

#include <QImage>
#include <QObject>
#include <QString>
#include <opencv2/core.hpp>

namespace brushwork::studio {

/// Reads a clip's frames off the GUI thread: on opening, its first frame,
/// then a small picture of every frame for the strip; afterwards any one
/// frame at full size for the preview. Frames are read in order (a clip
/// has no cheap way back), so going forward goes on from the last frame
/// read and going back starts again from the first; the newest request
/// wins, and an older one stops where it is.
class ClipReader : public QObject {
    Q_OBJECT
public:
    /// The strip's pictures are this many pixels high.
    static constexpr int kThumbnailHeight = 48;

    explicit ClipReader(QObject* parent = nullptr);
    ~ClipReader() override;

    /// Opens `path` (openFrameSource's clips): opened(), thumbnails, then
    /// scanned(); failed() when it cannot be read.
    void open(const QString& path);
    /// Small pictures of the frames in `path` (the painted frames), as
    /// thumbnail(); nothing else changes.
    void readThumbnails(const QString& path);
    /// Takes up `path`, a clip opened elsewhere (a project's): frames are
    /// read from it; the thumbnails and scanned() come from `thumbnails`,
    /// the clip itself or its painted frames.
    void follow(const QString& path, const QString& thumbnails);
    /// Frame `index` (from 0) of the clip opened last: frameRead().
    void readFrame(int index);

Q_SIGNALS:
    void opened(const QString& path, int declaredFrames, double fps, const cv::Mat& firstFrame);
    void thumbnail(int index, const QImage& picture);
    /// Every frame was read: the clip has `frames`.
    void scanned(int frames);
    void frameRead(int index, const cv::Mat& frame);
    void failed(const QString& message);

private:
    struct Position;
    /// Thumbnails of every frame in `path`, then scanned() when `counting`.
    void scan(const QString& path, bool counting);

    TaskRunner mScan;
    TaskRunner mFrames;
    std::shared_ptr<Position> mPosition; ///< touched only by mFrames' thread
    QString mPath;
};

} // namespace brushwork::studio
