// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/stylenetworkcontroller.h"

#include "background/anypaintingstyler.h"
#include "background/stylenetworkstyler.h"
#include "background/stylerunner.h"
#include "session/studiosession.h"
#include "support/errortext.h"
#include "support/lastfolder.h"
#include "widgets/stylenetworkpanel.h"

#include "brushwork/faststylelibrary.h"
#include "brushwork/tasks/taskrunner.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>

#include <utility>

namespace brushwork::studio {

StyleNetworkController::StyleNetworkController(StudioSession& session, const StyleRunner& runner, QAction* addNetwork,
                                               QAction* refine, QWidget* window)
    : QObject(window)
    , mSession(session)
    , mRunner(runner)
    , mWindow(window)
    , mStyler(new StyleNetworkStyler(this))
    , mAnyPainting(new AnyPaintingStyler(this))
    , mPanel(new StyleNetworkPanel(addNetwork, refine, window))
{
    setObjectName("styleNetworks");
    mPreviewSoon.setSingleShot(true);
    mPreviewSoon.setInterval(30);
    connect(&mPreviewSoon, &QTimer::timeout, this, [this] {
        if (canPaintAnyPainting())
            requestAnyPainting();
    });
    connect(mPanel, &StyleNetworkPanel::styleChosen, this, &StyleNetworkController::apply);
    connect(mPanel, &StyleNetworkPanel::anyPaintingChosen, this, &StyleNetworkController::applyAnyPainting);
    connect(mPanel, &StyleNetworkPanel::strengthChanged, this, &StyleNetworkController::previewAnyPainting);
    connect(mAnyPainting, &AnyPaintingStyler::painted, this, &StyleNetworkController::onPaintedAnyPainting);
    connect(mAnyPainting, &AnyPaintingStyler::failed, this, [this](const QString& message) {
        mPanel->clearChoice();
        const bool asked = std::exchange(mAnyPaintingAsked, false);
        // A preview nobody asked for says it once, not at every change.
        if (asked || !std::exchange(mAnyPaintingUnavailable, true))
            Q_EMIT notice(message);
    });
    connect(mStyler, &StyleNetworkStyler::listed, mPanel, &StyleNetworkPanel::setStyles);
    connect(mStyler, &StyleNetworkStyler::thumbnailReady, mPanel, &StyleNetworkPanel::setThumbnail);
    connect(mStyler, &StyleNetworkStyler::painted, this, &StyleNetworkController::onPainted);
    connect(mStyler, &StyleNetworkStyler::failed, this, [this](const QString& message) {
        mPanel->clearChoice();
        Q_EMIT notice(message);
    });
    mStyler->refresh();
}

void StyleNetworkController::addNetworkDialog()
{
    const QString path = QFileDialog::getOpenFileName(mWindow, tr("Add a Style Network"), lastfolder::get(),
                                                      tr("Style networks (*.safetensors)"));
    if (!path.isEmpty())
        addNetwork(path);
}

void StyleNetworkController::addNetwork(const QString& path)
{
    const QString name = QFileInfo(path).completeBaseName();
    Q_EMIT status(tr("Checking %1…").arg(name));
    TaskRunner::runOnce(
        this, [path] { brushwork::importFastStyle(path.toStdString()); },
        [this, path, name](const TaskResult<NoValue>& result) {
            if (!result.ok()) {
                Q_EMIT status({});
                QMessageBox::warning(mWindow, tr("Style network not added"), errortext::describe(result.error));
                Q_EMIT networkAdded(false);
                return;
            }
            lastfolder::rememberFolderOf(path);
            mStyler->refresh();
            Q_EMIT status(tr("Added %1 to the style networks.").arg(name));
            Q_EMIT networkAdded(true);
        });
}

void StyleNetworkController::apply(const QString& networkPath)
{
    if (mSession.photo().empty()) {
        mPanel->clearChoice();
        Q_EMIT notice(tr("Open a photo first: a style network paints your photo."));
        return;
    }
    if (mRunner.isRunning()) {
        mPanel->clearChoice();
        Q_EMIT notice(tr("A picture is being painted. Stop it first (Esc) to try a style network: "
                         "it replaces the picture."));
        return;
    }
    mAnyPainting->discard();
    mPreviewSoon.stop();
    if (!mStyler->paint(networkPath, mSession.photo()))
        return;
    mClock.start();
    Q_EMIT notice({});
    Q_EMIT status(tr("Painting the photo in this style…"));
}

bool StyleNetworkController::canPaintAnyPainting() const
{
    return !mSession.photo().empty() && !mSession.paintings().empty() && !mRunner.isRunning();
}

void StyleNetworkController::requestAnyPainting()
{
    AnyPaintingStyler::Request request;
    request.photo = mSession.photo();
    request.paintings = mSession.paintingImages();
    request.blends = mSession.shares();
    request.strength = mPanel->strength();
    request.regions = mSession.weights().regions;
    request.seamless = mSession.settings().seamless;
    mStyler->discard();
    mAnyPainting->paint(request);
    mClock.start();
    Q_EMIT status(tr("Painting your photo in the style of the paintings…"));
}

void StyleNetworkController::applyAnyPainting()
{
    if (mSession.photo().empty()) {
        Q_EMIT notice(tr("Open a photo first: Any painting paints your photo in the style of your paintings."));
        return;
    }
    if (mSession.paintings().empty()) {
        Q_EMIT notice(tr("Add a painting to take the style from. <a href='add-painting'>Add a painting…</a>"));
        return;
    }
    if (mRunner.isRunning()) {
        Q_EMIT notice(tr("A picture is being painted. Stop it first (Esc) to see the instant picture: "
                         "it replaces the picture."));
        return;
    }
    mAnyPaintingAsked = true;
    Q_EMIT notice({});
    requestAnyPainting();
}

void StyleNetworkController::previewAnyPainting()
{
    const bool showsOther = !mSession.picture().isNull() && !mSession.showsAnyPaintingPicture();
    if (mAnyPaintingUnavailable || showsOther || !canPaintAnyPainting())
        return;
    mPreviewSoon.start();
}

void StyleNetworkController::onPaintedAnyPainting(const QImage& picture, const brushwork::InstantRecipe& recipe,
                                                  double seconds)
{
    const bool asked = std::exchange(mAnyPaintingAsked, false);
    // A run, a project or another style may have put its picture there since.
    const bool showsOther = !mSession.picture().isNull() && !mSession.showsAnyPaintingPicture();
    if (mRunner.isRunning() || (showsOther && !asked))
        return;
    mAnyPaintingUnavailable = false;
    mSession.setPicture(picture, recipe);
    mPanel->showAnyPainting(picture);
    Q_EMIT status(tr("Painted in the style of your paintings in %1 s. Start refines it.").arg(seconds, 0, 'f', 2));
}

void StyleNetworkController::onPainted(const QImage& picture, const QString& styleName)
{
    brushwork::InstantRecipe recipe;
    recipe.network = styleName.toStdString();
    mSession.setPicture(picture, recipe);
    Q_EMIT status(tr("Painted as %1 in %2 s. Refine paints on from it towards your paintings.")
                      .arg(StyleNetworkPanel::displayName(styleName))
                      .arg(mClock.elapsed() / 1000.0, 0, 'f', 2));
}

void StyleNetworkController::refine()
{
    if (mSession.picture().isNull() || mRunner.isRunning())
        return;
    if (StudioSession::weightsPath().isEmpty()) {
        Q_EMIT notice(tr("Refining needs the feature network Brushwork sees paintings with (VGG19 or SqueezeNet). "
                         "Install it with “Use a weights file…” above, then refine again."));
        return;
    }
    if (mSession.paintings().empty()) {
        Q_EMIT notice(tr("Refining paints on towards the style of a painting, and there is none yet. "
                         "<a href='add-painting'>Add a painting…</a>"));
        return;
    }
    Q_EMIT refineRequested();
}

void StyleNetworkController::forget()
{
    mStyler->discard();
    mAnyPainting->discard();
    mPreviewSoon.stop();
    mAnyPaintingAsked = false;
    mPanel->clearChoice();
}

} // namespace brushwork::studio
