// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "background/remotepainter.h"
#include "background/stylerequest.h"

#include <QElapsedTimer>
#include <QImage>
#include <QObject>
#include <QThread>

#include <optional>

namespace brushwork::studio {

class RunReports;
class StyleWorker;

/// The studio's handle on the engine. Lives on the GUI thread and owns the
/// worker thread; never blocks on the engine except when destroyed, where it
/// cancels the run and joins the thread. Signals only carry the current
/// run's news: frames of a stopped or replaced run are dropped here. Runs
/// paint on this computer, or on a Brushwork server through RemotePainter,
/// which reports as the worker does.
class StyleRunner : public QObject {
    Q_OBJECT
public:
    explicit StyleRunner(QObject* parent = nullptr);
    ~StyleRunner() override;

    /// Starts painting `job`; a run already going is cancelled first.
    void start(const QString& weightsPath, const brushwork::StyleJob& job);
    void setPaused(bool paused);
    /// Cancels the run; it still reports its best picture through finished().
    void stop();
    /// Cancels the run and drops everything it would still report.
    void discard();
    /// New loss weights for the run in progress (and remembered for the next).
    void steer(const brushwork::LossWeights& weights);
    /// Where the next start() paints: this computer (nullopt) or a server.
    /// A run in progress goes on where it is.
    void paintOn(const std::optional<PaintServer>& server) { mServer = server; }
    const std::optional<PaintServer>& paintsOn() const { return mServer; }

    bool isRunning() const { return mRunning; }
    bool isPaused() const;
    quint64 runId() const { return mRunId; }
    /// The weights last sent with steer(); for tests and the status bar.
    const brushwork::LossWeights& steering() const { return mSteering; }

Q_SIGNALS:
    void started();
    void engineReady(const QString& deviceName);
    void frameReady(const QImage& frame, const brushwork::Progress& progress);
    void scaleFinished(const QImage& picture, const brushwork::Progress& progress);
    void progressed(const brushwork::Progress& progress);
    void finished(const QImage& result, bool cancelled);
    void failed(const QString& message);
    void noticed(const QString& text);

private:
    void relay(RunReports* painter);

    QThread mThread;
    StyleWorker* mWorker = nullptr; ///< owned by mThread: deleted when it finishes
    std::shared_ptr<brushwork::RunControl> mControl;
    brushwork::LossWeights mSteering;
    quint64 mRunId = 0;
    bool mRunning = false;
    std::optional<PaintServer> mServer;
    RemotePainter* mRemote = nullptr; ///< the server's painter, once a run went there
    bool mRemoteRun = false;          ///< the current run paints on mRemote
};

} // namespace brushwork::studio
