// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "background/stylerequest.h"

#include <QImage>
#include <QObject>

#include <chrono>
#include <memory>

namespace brushwork {
class StyleEngine;
}

namespace brushwork::studio {

/// Runs the engine. Lives on the worker thread: run() is only ever called
/// there (queued from StyleRunner), and while it runs this object's event
/// loop is blocked, so the GUI steers through the request's RunControl.
/// Keeps the loaded network between runs.
class StyleWorker : public QObject {
    Q_OBJECT
public:
    StyleWorker();
    ~StyleWorker() override;

    /// Frames and progress are sent at most this often (the last of a run always).
    static constexpr std::chrono::milliseconds kFrameInterval{100};

    void run(const StyleRequest& request);

Q_SIGNALS:
    void engineReady(quint64 runId, const QString& deviceName);
    /// A picture on the way, with the progress it was painted at.
    void frameReady(quint64 runId, const QImage& frame, const brushwork::Progress& progress);
    /// A scale is done: never dropped, unlike frames, so it can be saved.
    void scaleFinished(quint64 runId, const QImage& picture, const brushwork::Progress& progress);
    void progressed(quint64 runId, const brushwork::Progress& progress);
    void finished(quint64 runId, const QImage& result, bool cancelled);
    void failed(quint64 runId, const QString& message);
    /// Something the painter should know that does not stop the run.
    void noticed(quint64 runId, const QString& text);

private:
    brushwork::StyleEngine& engineFor(const QString& weightsPath);

    std::unique_ptr<brushwork::StyleEngine> mEngine;
    QString mEnginePath;
};

} // namespace brushwork::studio
