// SPDX-License-Identifier: GPL-3.0-or-later
#include "background/clippaintrunner.h"

#include "support/errortext.h"

#include "brushwork/error.h"

namespace brushwork::studio {

void ClipPaintWorker::paint(const ClipPaintRequest& request, std::shared_ptr<brushwork::RunControl> control)
{
    std::vector<std::string> paintings;
    for (const QString& painting : request.paintings)
        paintings.push_back(painting.toStdString());
    brushwork::ClipCallbacks callbacks;
    callbacks.onFrame = [this](const brushwork::ClipProgress& progress) {
        Q_EMIT progressed(progress.frame, progress.frameCount, progress.resumedFrames, progress.seconds);
    };
    callbacks.onNotice = [this](const std::string& text) { Q_EMIT noticed(QString::fromStdString(text)); };
    try {
        const brushwork::ClipResult result = brushwork::paintClip(request.clip.toStdString(), paintings,
                                                                  request.folder.toStdString(), request.options,
                                                                  *control, callbacks);
        Q_EMIT finished(request.folder, result.cancelled, result.last.frame);
    } catch (const std::exception& error) {
        // Anything a clip throws (a damaged frame, a full disk, the
        // allocator) ends this clip's painting, never the studio.
        Q_EMIT failed(errortext::describe(error));
    }
}

ClipPaintRunner::ClipPaintRunner(QObject* parent)
    : QObject(parent)
    , mWorker(new ClipPaintWorker)
{
    mWorker->moveToThread(&mThread);
    connect(&mThread, &QThread::finished, mWorker, &QObject::deleteLater);
    // Queued: the worker emits on its thread, these run on ours.
    connect(mWorker, &ClipPaintWorker::progressed, this, &ClipPaintRunner::progressed);
    connect(mWorker, &ClipPaintWorker::noticed, this, &ClipPaintRunner::noticed);
    connect(mWorker, &ClipPaintWorker::finished, this, [this](const QString& folder, bool cancelled, int frames) {
        mRunning = false;
        Q_EMIT finished(folder, cancelled, frames);
    });
    connect(mWorker, &ClipPaintWorker::failed, this, [this](const QString& message) {
        mRunning = false;
        Q_EMIT failed(message);
    });
    mThread.setObjectName("brushwork-clip");
    mThread.start();
}

ClipPaintRunner::~ClipPaintRunner()
{
    cancel();
    mThread.quit();
    mThread.wait();
}

void ClipPaintRunner::paint(const ClipPaintRequest& request)
{
    if (mRunning)
        return;
    mRunning = true;
    mControl = std::make_shared<brushwork::RunControl>();
    QMetaObject::invokeMethod(mWorker, [worker = mWorker, request, control = mControl] { worker->paint(request, control); },
                              Qt::QueuedConnection);
}

void ClipPaintRunner::setPaused(bool paused)
{
    if (mControl && mRunning)
        mControl->setPaused(paused);
}

void ClipPaintRunner::cancel()
{
    if (mControl)
        mControl->requestCancel();
}

} // namespace brushwork::studio
