// SPDX-License-Identifier: GPL-3.0-or-later
#include "background/stylerunner.h"

#include "background/styleworker.h"

namespace brushwork::studio {

StyleRunner::StyleRunner(QObject* parent)
    : QObject(parent)
    , mWorker(new StyleWorker)
{
    qRegisterMetaType<brushwork::Progress>();
    mWorker->moveToThread(&mThread);
    connect(&mThread, &QThread::finished, mWorker, &QObject::deleteLater);
    relay(mWorker);
    mThread.setObjectName("brushwork-engine");
    mThread.start();
}

StyleRunner::~StyleRunner()
{
    if (mControl)
        mControl->requestCancel();
    mThread.quit();
    mThread.wait();
}

void StyleRunner::relay(RunReports* painter)
{
    // The worker emits on its own thread (queued: these run on ours); a
    // remote painter on ours.
    connect(painter, &RunReports::engineReady, this, [this](quint64 id, const QString& device) {
        if (id == mRunId)
            Q_EMIT engineReady(device);
    });
    connect(painter, &RunReports::frameReady, this,
            [this](quint64 id, const QImage& frame, const brushwork::Progress& progress) {
        if (id == mRunId && mRunning)
            Q_EMIT frameReady(frame, progress);
    });
    connect(painter, &RunReports::scaleFinished, this,
            [this](quint64 id, const QImage& picture, const brushwork::Progress& progress) {
                if (id == mRunId && mRunning)
                    Q_EMIT scaleFinished(picture, progress);
            });
    connect(painter, &RunReports::progressed, this, [this](quint64 id, const brushwork::Progress& progress) {
        if (id == mRunId && mRunning)
            Q_EMIT progressed(progress);
    });
    connect(painter, &RunReports::finished, this, [this](quint64 id, const QImage& result, bool cancelled) {
        if (id != mRunId)
            return;
        mRunning = false;
        Q_EMIT finished(result, cancelled);
    });
    connect(painter, &RunReports::noticed, this, [this](quint64 id, const QString& text) {
        if (id == mRunId && mRunning)
            Q_EMIT noticed(text);
    });
    connect(painter, &RunReports::failed, this, [this](quint64 id, const QString& message) {
        if (id != mRunId)
            return;
        mRunning = false;
        Q_EMIT failed(message);
    });
}

void StyleRunner::start(const QString& weightsPath, const brushwork::StyleJob& job)
{
    if (mControl)
        mControl->requestCancel();
    StyleRequest request;
    request.runId = ++mRunId;
    request.weightsPath = weightsPath;
    request.job = job;
    request.control = mControl = std::make_shared<brushwork::RunControl>();
    mSteering = job.params.weights;
    mRunning = true;
    if (mRemoteRun && !mServer)
        mRemote->cancel();
    mRemoteRun = mServer.has_value();
    if (mRemoteRun && (!mRemote || mRemote->server() != *mServer)) {
        if (mRemote) {
            mRemote->cancel();
            mRemote->deleteLater();
        }
        mRemote = new RemotePainter(*mServer, this);
        relay(mRemote);
    }
    if (mRemoteRun)
        mRemote->run(request);
    else
        QMetaObject::invokeMethod(mWorker, [worker = mWorker, request] { worker->run(request); }, Qt::QueuedConnection);
    Q_EMIT started();
}

void StyleRunner::setPaused(bool paused)
{
    if (mControl && mRunning)
        mControl->setPaused(paused);
    if (mRemoteRun && mRunning)
        mRemote->setPaused(paused);
}

bool StyleRunner::isPaused() const
{
    return mControl && mRunning && mControl->paused();
}

void StyleRunner::stop()
{
    if (mControl)
        mControl->requestCancel();
    if (mRemoteRun)
        mRemote->cancel();
}

void StyleRunner::discard()
{
    stop();
    ++mRunId; // what the cancelled run still sends no longer matches
    mRunning = false;
}

void StyleRunner::steer(const brushwork::LossWeights& weights)
{
    mSteering = weights;
    if (mControl && mRunning)
        mControl->steer(weights);
    if (mRemoteRun && mRunning)
        mRemote->steer(weights);
}

} // namespace brushwork::studio
