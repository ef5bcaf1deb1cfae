// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/projectcontroller.h"

#include "background/autosaver.h"
#include "session/studiosession.h"
#include "support/errortext.h"
#include "support/lastfolder.h"
#include "support/matimage.h"
#include "window/videocontroller.h"

#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/tasks/taskrunner.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>

namespace brushwork::studio {
namespace {

const char* const kProjectFilter = QT_TRANSLATE_NOOP("brushwork::studio::ProjectController",
                                                     "Brushwork projects (*.brushwork)");

/// A project and everything it names, read and checked off the GUI thread.
struct OpenedProject {
    brushwork::Project project;
    QString photoPath;
    cv::Mat photo;
    std::optional<VideoController::Frame> clipFrame; ///< set: the photo is this frame of the clip at photoPath
    std::vector<std::pair<QString, cv::Mat>> paintings;
    QImage picture;
};

/// Frame `frame` (from 1) of the project's clip, naming the clip when it
/// cannot be read: a project is opened whole or not at all.
VideoController::Frame readClipFrame(const QString& clip, int frame, bool clips)
{
    const std::string context = "the project's photo is frame " + std::to_string(frame) + " of this clip";
    if (!clips)
        throw brushwork::Error(brushwork::ErrorKind::Usage, clip.toStdString(),
                               context + ", and this window opens no clips");
    try {
        return VideoController::readFrame(clip, frame - 1);
    } catch (const brushwork::Error& error) {
        if (error.kind() != brushwork::ErrorKind::BadInput) // not the clip's fault
            throw;
        throw brushwork::Error(error.kind(), error.file(), context + ", which cannot be read: " + error.reason(),
                               "Put the clip (a whole copy of it) back at " + clip.toStdString() +
                                   ", then open the project again");
    }
}

OpenedProject readProject(const QString& path, bool clips)
{
    OpenedProject opened;
    const std::string file = path.toStdString();
    opened.project = brushwork::loadProject(file);
    const brushwork::ProjectPhoto photo = brushwork::locateProjectPhoto(file, opened.project, VideoController::isClip);
    opened.photoPath = QString::fromStdString(photo.path);
    if (photo.frame > 0)
        opened.clipFrame = readClipFrame(opened.photoPath, photo.frame, clips);
    else
        opened.photo = brushwork::loadImage(photo.path);
    for (const brushwork::ProjectPicture& style : opened.project.styles) {
        const std::string painting = brushwork::locateProjectPicture(file, style);
        opened.paintings.emplace_back(QString::fromStdString(painting), brushwork::loadImage(painting));
    }
    const cv::Mat picture = brushwork::loadProjectPicture(file, opened.project);
    if (!picture.empty())
        opened.picture = matimage::toQImage(picture, true);
    return opened;
}

} // namespace

ProjectController::ProjectController(StudioSession& session, Autosaver& autosaver, QWidget* window)
    : QObject(window)
    , mSession(session)
    , mAutosaver(autosaver)
    , mWindow(window)
    , mOpening(new TaskRunner(this))
{
    setObjectName("projects");
}

void ProjectController::openClipsWith(VideoController& video)
{
    mVideo = &video;
}

void ProjectController::open(const QString& path)
{
    openAs(path, false);
}

void ProjectController::openAs(const QString& path, bool restoring)
{
    Q_EMIT status(tr("Opening %1…").arg(QFileInfo(path).fileName()));
    mOpening->run([path, clips = mVideo != nullptr] { return readProject(path, clips); },
                  [this, path, restoring](const TaskResult<OpenedProject>& result) {
        if (!result.ok()) {
            Q_EMIT notice(errortext::describe(result.error));
            Q_EMIT opened(false);
            return;
        }
        const OpenedProject& project = result.value;
        Q_EMIT aboutToReplaceWork();
        if (project.clipFrame)
            mVideo->reopen(*project.clipFrame);
        else
            mSession.setPhoto(project.photoPath, project.photo);
        const auto& blends = project.project.params.weights.styleBlend;
        std::vector<StudioSession::Painting> paintings;
        for (std::size_t i = 0; i < project.paintings.size(); ++i)
            paintings.push_back(
                {project.paintings[i].first, project.paintings[i].second, i < blends.size() ? blends[i] : 1.0f});
        mSession.setPaintings(std::move(paintings));
        mSession.setSettings(project.project.params);
        mSession.setRegions(project.project.params.weights.regions);
        // A project keeps its own pixel size; the print choice is only a way to pick one.
        mSession.setPrintSize({});
        if (!project.picture.isNull())
            mSession.setPicture(project.picture, project.project.instant);
        const int frame = project.project.contentFrame;
        if (frame > 0 && !project.clipFrame) // the clip is gone, its frame's copy is not
            Q_EMIT notice(tr("%1 is missing: the photo is the copy of its frame %2 kept with the project. "
                             "Put the clip back and open the project again to paint the video.")
                              .arg(QString::fromStdString(project.project.content.path))
                              .arg(frame));
        else
            Q_EMIT notice({});
        const QString name = QFileInfo(path).fileName();
        if (restoring)
            Q_EMIT status(tr("Restored the picture as it was at iteration %1 — Continue goes on painting it.")
                              .arg(project.project.doneIterations));
        else
            Q_EMIT status(project.picture.isNull() ? tr("Opened %1.").arg(name)
                                                   : tr("Opened %1 — Continue goes on painting it.").arg(name));
        Q_EMIT opened(true);
    });
}

void ProjectController::save(const QString& path, bool withCopies)
{
    brushwork::Project project;
    try {
        project = mSession.recipe();
    } catch (const brushwork::Error& error) {
        Q_EMIT notice(errortext::describe(error));
        Q_EMIT saved(false);
        return;
    }
    const cv::Mat photo = mSession.photo();
    const std::vector<cv::Mat> paintings = mSession.paintingImages();
    const QImage picture = mSession.picture();
    Q_EMIT status(tr("Saving %1…").arg(QFileInfo(path).fileName()));
    auto write = [path, project, withCopies, photo, paintings, picture]() mutable {
        const std::string file = path.toStdString();
        if (withCopies) // in a folder named after the project, beside it
            brushwork::saveProjectCopies(file, QFileInfo(path).completeBaseName().toStdString() + "-pictures", project,
                                         photo, paintings);
        if (picture.isNull())
            brushwork::saveProject(file, project);
        else
            brushwork::saveProjectWithPicture(file, project, matimage::toMat(picture));
    };
    TaskRunner::runOnce(this, std::move(write), [this, path](const TaskResult<NoValue>& result) {
        if (result.ok()) {
            Q_EMIT status(tr("Saved %1.").arg(QFileInfo(path).fileName()));
            lastfolder::rememberFolderOf(path);
        } else {
            Q_EMIT notice(errortext::describe(result.error));
        }
        Q_EMIT saved(result.ok());
    });
}

void ProjectController::saveDialog(bool withCopies)
{
    if (mSession.photo().empty() || mSession.paintings().empty()) {
        Q_EMIT notice(tr("Open a photo and a painting first: a project keeps both."));
        return;
    }
    QString path = QFileDialog::getSaveFileName(
        mWindow, withCopies ? tr("Save Project with Copies of the Pictures") : tr("Save Project"),
        QDir(lastfolder::forSaving()).filePath(QFileInfo(mSession.photoPath()).completeBaseName() + ".brushwork"),
        tr(kProjectFilter));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += ".brushwork";
    save(path, withCopies);
}

void ProjectController::openDialog()
{
    const QString path = QFileDialog::getOpenFileName(mWindow, tr("Open Project"), lastfolder::get(), tr(kProjectFilter));
    if (!path.isEmpty())
        open(path);
}

bool ProjectController::hasRecovery() const
{
    return mAutosaver.hasRecovery();
}

void ProjectController::offerRecovery()
{
    if (hasRecovery())
        Q_EMIT notice(tr("Brushwork closed while a picture was being painted. "
                         "<a href='restore'>Restore it</a> &nbsp;·&nbsp; <a href='discard'>Discard it</a>"));
}

void ProjectController::restoreRecovery()
{
    openAs(mAutosaver.projectPath(), true);
}

void ProjectController::discardRecovery()
{
    mAutosaver.clear();
    Q_EMIT notice({});
}

} // namespace brushwork::studio
