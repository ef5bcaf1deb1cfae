// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/picturecontroller.h"

#include "session/studiosession.h"
#include "support/errortext.h"
#include "support/filedrop.h"
#include "support/lastfolder.h"

#include "brushwork/tasks/taskrunner.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QMimeData>

namespace brushwork::studio {
namespace {

const char* const kImageFilter = QT_TRANSLATE_NOOP(
    "brushwork::studio::PictureController",
    "Pictures (*.png *.jpg *.jpeg *.tif *.tiff *.webp *.bmp *.PNG *.JPG *.JPEG *.TIF *.TIFF)");

} // namespace

PictureController::PictureController(StudioSession& session, QWidget* window)
    : QObject(window)
    , mSession(session)
    , mWindow(window)
    , mLoader(new PictureLoader(this))
{
    setObjectName("pictures");
    connect(mLoader, &PictureLoader::loaded, this, &PictureController::onLoaded);
}

void PictureController::load(const QStringList& paths, PictureLoader::Role role)
{
    if (mOpenClip && role != PictureLoader::Role::Paintings && !paths.isEmpty() && mOpenClip(paths.first())) {
        lastfolder::rememberFolderOf(paths.first());
        Q_EMIT opened(paths.first());
        mLoader->load(paths.mid(1), PictureLoader::Role::Paintings); // the clip is the photo
        return;
    }
    mLoader->load(paths, role);
}

void PictureController::openClipsWith(std::function<bool(const QString&)> open, const QString& extensions)
{
    mOpenClip = std::move(open);
    mClipExtensions = extensions;
}

int PictureController::pending() const
{
    return mLoader->pending();
}

void PictureController::onLoaded(PictureLoader::Role role, const std::vector<PictureLoader::Picture>& pictures)
{
    QString problems;
    bool first = true;
    for (const PictureLoader::Picture& picture : pictures) {
        if (picture.image.empty()) {
            problems += (problems.isEmpty() ? "" : "\n") + picture.error;
            continue;
        }
        const bool asPhoto = role == PictureLoader::Role::Photo ? first
                             : role == PictureLoader::Role::Auto ? mSession.photo().empty()
                                                                 : false;
        if (asPhoto)
            mSession.setPhoto(picture.path, picture.image);
        else
            mSession.addPainting(picture.path, picture.image);
        lastfolder::rememberFolderOf(picture.path);
        Q_EMIT opened(picture.path);
        first = false;
    }
    Q_EMIT notice(problems);
    if (mLoader->pending() == 0)
        Q_EMIT allLoaded();
}

void PictureController::choosePhoto()
{
    QString filter = tr(kImageFilter);
    if (!mClipExtensions.isEmpty())
        filter.insert(filter.lastIndexOf(')'), ' ' + mClipExtensions);
    const QString path = QFileDialog::getOpenFileName(mWindow, tr("Open Photo"), lastfolder::get(), filter);
    load(path.isEmpty() ? QStringList() : QStringList{path}, PictureLoader::Role::Photo);
}

void PictureController::choosePaintings()
{
    load(QFileDialog::getOpenFileNames(mWindow, tr("Add Paintings"), lastfolder::get(), tr(kImageFilter)),
         PictureLoader::Role::Paintings);
}

void PictureController::paste()
{
    const QMimeData* mime = QApplication::clipboard()->mimeData();
    const QStringList files = droppedFiles(mime);
    if (!files.isEmpty()) {
        load(files, PictureLoader::Role::Auto);
        return;
    }
    if (!mime || !mime->hasImage()) {
        Q_EMIT notice(tr("The clipboard holds no picture."));
        return;
    }
    const QImage picture = qvariant_cast<QImage>(mime->imageData());
    TaskRunner::runOnce(this, [picture] { return savePastedPicture(picture); }, [this](const TaskResult<QString>& result) {
        if (result.ok())
            load({result.value}, PictureLoader::Role::Auto);
        else
            Q_EMIT notice(errortext::describe(result.error));
    });
}

} // namespace brushwork::studio
