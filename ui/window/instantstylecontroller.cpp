// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/instantstylecontroller.h"

#include "background/backgroundtask.h"
#include "background/instantstyler.h"
#include "background/stylerunner.h"
#include "support/lastfolder.h"
#include "widgets/instantstylepanel.h"
#include "widgets/stylelist.h"
#include "window/studiosession.h"

#include "brushwork/faststylelibrary.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>

namespace brushwork::studio {

InstantStyleController::InstantStyleController(StudioSession& session, const StyleRunner& runner, QAction* addNetwork,
                                               QAction* refine, QWidget* window)
    : QObject(window)
    , mSession(session)
    , mRunner(runner)
    , mWindow(window)
    , mStyler(new InstantStyler(this))
    , mPanel(new InstantStylePanel(addNetwork, refine, window))
{
    setObjectName("instantStyles");
    connect(mPanel, &InstantStylePanel::styleChosen, this, &InstantStyleController::apply);
    connect(mStyler, &InstantStyler::listed, mPanel, &InstantStylePanel::setStyles);
    connect(mStyler, &InstantStyler::thumbnailReady, mPanel, &InstantStylePanel::setThumbnail);
    connect(mStyler, &InstantStyler::painted, this, &InstantStyleController::onPainted);
    connect(mStyler, &InstantStyler::failed, this, [this](const QString& message) {
        mPanel->clearChoice();
        Q_EMIT notice(message);
    });
    mStyler->refresh();
}

void InstantStyleController::addNetworkDialog()
{
    const QString path = QFileDialog::getOpenFileName(mWindow, tr("Add a Style Network"), lastfolder::get(),
                                                      tr("Style networks (*.safetensors)"));
    if (!path.isEmpty())
        addNetwork(path);
}

void InstantStyleController::addNetwork(const QString& path)
{
    const QString name = QFileInfo(path).completeBaseName();
    Q_EMIT status(tr("Checking %1…").arg(name));
    runInBackground(
        this, [path] { brushwork::importFastStyle(path.toStdString()); },
        [this, path, name](const TaskResult<NoValue>& result) {
            if (!result.ok()) {
                Q_EMIT status({});
                QMessageBox::warning(mWindow, tr("Style network not added"), result.error);
                Q_EMIT networkAdded(false);
                return;
            }
            lastfolder::rememberFolderOf(path);
            mStyler->refresh();
            Q_EMIT status(tr("Added %1 to the instant styles.").arg(name));
            Q_EMIT networkAdded(true);
        });
}

void InstantStyleController::apply(const QString& networkPath)
{
    if (mSession.photo().empty()) {
        mPanel->clearChoice();
        Q_EMIT notice(tr("Open a photo first: an instant style paints your photo."));
        return;
    }
    if (mRunner.isRunning()) {
        mPanel->clearChoice();
        Q_EMIT notice(tr("A picture is being painted. Stop it first (Esc) to try an instant style: "
                         "it replaces the picture."));
        return;
    }
    if (!mStyler->paint(networkPath, mSession.photo()))
        return;
    mClock.start();
    Q_EMIT notice({});
    Q_EMIT status(tr("Painting the photo in this style…"));
}

void InstantStyleController::onPainted(const QImage& picture, const QString& styleName)
{
    mSession.setPicture(picture, styleName);
    Q_EMIT status(tr("Painted as %1 in %2 s. Refine paints on from it towards your paintings.")
                      .arg(InstantStylePanel::displayName(styleName))
                      .arg(mClock.elapsed() / 1000.0, 0, 'f', 2));
}

void InstantStyleController::refine()
{
    if (mSession.picture().isNull() || mRunner.isRunning())
        return;
    if (StudioSession::weightsPath().isEmpty()) {
        Q_EMIT notice(tr("Refining needs the feature network Brushwork sees paintings with (VGG19 or SqueezeNet). "
                         "Install it with “Use a weights file…” above, then refine again."));
        return;
    }
    if (mSession.paintings()->styles().empty()) {
        Q_EMIT notice(tr("Refining paints on towards the style of a painting, and there is none yet. "
                         "<a href='add-painting'>Add a painting…</a>"));
        return;
    }
    Q_EMIT refineRequested();
}

void InstantStyleController::forget()
{
    mStyler->discard();
    mPanel->clearChoice();
}

} // namespace brushwork::studio
