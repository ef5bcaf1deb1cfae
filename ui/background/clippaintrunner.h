// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "brushwork/clippainting.h"
#include "brushwork/runcontrol.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QThread>

#include <memory>

namespace brushwork::studio {

/// What "Paint the Video" paints: the clip, the paintings, where the frames
/// go (a folder) and how (the core's clip options).
struct ClipPaintRequest {
    QString clip;
    QStringList paintings;
    QString folder;
    brushwork::ClipOptions options;
};

/// Runs paintClip on a thread of its own. Lives there: paint() is queued to
/// it, and while it paints its event loop is blocked, so the GUI steers it
/// through the RunControl it was given.
class ClipPaintWorker : public QObject {
    Q_OBJECT
public:
    void paint(const brushwork::studio::ClipPaintRequest& request, std::shared_ptr<brushwork::RunControl> control);

Q_SIGNALS:
    void progressed(int done, int total, int resumed, double seconds);
    void noticed(const QString& text);
    void finished(const QString& folder, bool cancelled, int frames);
    void failed(const QString& message);
};

/// The GUI's side of painting a whole clip: starts, pauses and cancels the
/// worker and passes its news on, on the GUI thread. One clip at a time;
/// the destructor cancels the one under way and waits for it to stop.
class ClipPaintRunner : public QObject {
    Q_OBJECT
public:
    explicit ClipPaintRunner(QObject* parent = nullptr);
    ~ClipPaintRunner() override;

    void paint(const ClipPaintRequest& request);
    bool isRunning() const { return mRunning; }
    bool isPaused() const { return mControl && mControl->paused(); }
    void setPaused(bool paused);
    /// Stops after the frame under way; the frames painted are kept and the
    /// same request goes on from the next.
    void cancel();

Q_SIGNALS:
    void progressed(int done, int total, int resumed, double seconds);
    void noticed(const QString& text);
    void finished(const QString& folder, bool cancelled, int frames);
    void failed(const QString& message);

private:
    QThread mThread;
    ClipPaintWorker* mWorker;
    std::shared_ptr<brushwork::RunControl> mControl;
    bool mRunning = false;
};

} // namespace brushwork::studio
