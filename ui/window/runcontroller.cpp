// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/runcontroller.h"

#include "background/autosaver.h"
#include "background/stylerunner.h"
#include "session/studiosession.h"
#include "support/errortext.h"
#include "support/matimage.h"
#include "support/progresstext.h"

#include "brushwork/error.h"

#include <QFileInfo>

namespace brushwork::studio {

RunController::RunController(StudioSession& session, StyleRunner& runner, Autosaver& autosaver, QObject* parent)
    : QObject(parent)
    , mSession(session)
    , mRunner(runner)
    , mAutosaver(autosaver)
{
    setObjectName("run");
    connect(&mSession, &StudioSession::weightsChanged, this, &RunController::steer);
    connect(&mRunner, &StyleRunner::frameReady, this, [this](const QImage& frame, const brushwork::Progress& progress) {
        mSession.setPicture(frame);
        mAutosaver.update(frame, progress);
    });
    connect(&mRunner, &StyleRunner::scaleFinished, &mAutosaver, &Autosaver::update);
    connect(&mRunner, &StyleRunner::progressed, this, &RunController::onProgress);
    connect(&mRunner, &StyleRunner::finished, this, &RunController::onFinished);
    connect(&mRunner, &StyleRunner::noticed, this, &RunController::notice);
    connect(&mRunner, &StyleRunner::failed, this, [this](const QString& message) {
        Q_EMIT notice(message);
        Q_EMIT changed();
    });
}

void RunController::start(bool fromCurrent)
{
    if (!mSession.readyToPaint() || mRunner.isRunning())
        return;
    brushwork::StyleJob job;
    brushwork::Project recipe;
    try {
        job.params = mSession.params();
        recipe = mSession.recipe();
    } catch (const brushwork::Error& error) {
        Q_EMIT notice(errortext::describe(error));
        return;
    }
    job.content = mSession.photo();
    for (const StudioSession::Painting& style : mSession.paintings())
        job.styles.push_back({style.image, QFileInfo(style.path).completeBaseName().toStdString()});
    if (fromCurrent && continuesAsPrint()) {
        // The engine enlarges the picture on screen and refines it at the
        // larger sizes, each until it stops changing.
        job.params.init = brushwork::InitKind::Image;
        job.params.initImage = matimage::toMat(mSession.picture());
        job.params.multiScale = true;
    } else if (fromCurrent && !mSession.picture().isNull()) {
        // Refining: at the final size only, starting from the current picture.
        job.params.init = brushwork::InitKind::Image;
        job.params.initImage = matimage::toMat(mSession.picture());
        job.params.multiScale = false;
        job.params.iterations = std::max(1, job.params.iterations / 2);
        job.params.stopAtPlateau = false; // asked for more: it runs them all
    } else if (job.params.init == brushwork::InitKind::Instant && mSession.showsAnyPaintingPicture() &&
               mSession.instant()->strength < 1.0f) {
        // The painter turned the style down: the run starts from the picture
        // they see, as the engine's own instant start would (final size only),
        // rather than from the engine's picture at full strength.
        job.params.init = brushwork::InitKind::Image;
        job.params.initImage = matimage::toMat(mSession.picture());
        job.params.multiScale = false;
    }
    Q_EMIT replacingPicture();
    Q_EMIT notice({});
    Q_EMIT status(tr("Loading the network…"));
    mLast = {};
    mRunner.start(StudioSession::weightsPath(), job);
    mAutosaver.begin(recipe, job.content, mSession.paintingImages());
    Q_EMIT changed();
}

bool RunController::continuesAsPrint() const
{
    const QSize shown = mSession.picture().size();
    return !shown.isEmpty() && std::max(shown.width(), shown.height()) < mSession.settings().size;
}

void RunController::togglePause()
{
    if (!mRunner.isRunning())
        return;
    mRunner.setPaused(!mRunner.isPaused());
    if (mRunner.isPaused())
        Q_EMIT status(tr("Paused at iteration %1 — press Space to go on.").arg(mLast.iteration));
    Q_EMIT changed();
}

void RunController::stop()
{
    mRunner.stop();
}

void RunController::reset()
{
    mRunner.discard();
    Q_EMIT replacingPicture();
    mSession.setPicture({});
    Q_EMIT status(tr("Back to the photo."));
    Q_EMIT changed();
}

void RunController::steer()
{
    const brushwork::LossWeights weights = mSession.weights();
    mRunner.steer(weights);
    if (mRunner.isRunning())
        mAutosaver.steer(weights);
}

void RunController::onProgress(const brushwork::Progress& progress)
{
    mLast = progress;
    if (!mRunner.isPaused())
        Q_EMIT status(progresstext::describe(progress));
}

void RunController::onFinished(const QImage& result, bool cancelled)
{
    mSession.setPicture(result);
    mAutosaver.save(result, mLast);
    if (!cancelled && mLast.plateauIteration > 0)
        Q_EMIT status(tr("Done: the picture stopped changing at iteration %1 (%2). Continue refines it further.")
                          .arg(mLast.plateauIteration)
                          .arg(progresstext::duration(mLast.elapsedSeconds)));
    else
        Q_EMIT status((cancelled ? tr("Stopped after %1 iterations in %2. Continue refines it further.")
                                 : tr("Finished: %1 iterations in %2."))
                          .arg(mLast.iteration)
                          .arg(progresstext::duration(mLast.elapsedSeconds)));
    Q_EMIT changed();
}

} // namespace brushwork::studio
