// SPDX-License-Identifier: GPL-3.0-or-later
#include "autosaver.h"

#include "errortext.h"
#include "matimage.h"

#include "brushwork/error.h"
#include "brushwork/image.h"

#include <QDir>
#include <QFutureWatcher>
#include <QStandardPaths>
#include <QtConcurrent>

QString Autosaver::defaultFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/autosave";
}

Autosaver::Autosaver(QString folder, QObject* parent)
    : QObject(parent)
    , mFolder(std::move(folder))
{
}

QString Autosaver::projectPath() const
{
    return mFolder + "/session.brushwork";
}

bool Autosaver::hasRecovery() const
{
    return QFileInfo::exists(projectPath());
}

void Autosaver::begin(brushwork::Project recipe, const cv::Mat& content, const std::vector<cv::Mat>& styles)
{
    QDir().mkpath(mFolder);
    try {
        // Copies of the pictures, as 16-bit PNGs: the originals may move, and
        // pasted pictures have no file at all.
        brushwork::ImageSaveOptions options;
        options.sixteenBit = true;
        brushwork::saveImage((mFolder + "/photo.png").toStdString(), content, options);
        recipe.content.embedded = "photo.png";
        for (std::size_t i = 0; i < styles.size() && i < recipe.styles.size(); ++i) {
            const QString name = QString("painting-%1.png").arg(i + 1);
            brushwork::saveImage((mFolder + "/" + name).toStdString(), styles[i], options);
            recipe.styles[i].embedded = name.toStdString();
        }
        brushwork::saveProject(projectPath().toStdString(), recipe);
    } catch (const brushwork::Error& error) {
        Q_EMIT failed(errortext::describe(error));
        return;
    }
    mRecipe = std::move(recipe);
    mActive = true;
    mSinceSave.start();
}

void Autosaver::update(const QImage& picture, const brushwork::Progress& progress, bool force)
{
    if (!mActive || picture.isNull() || (!force && mSinceSave.elapsed() < mInterval))
        return;
    mSinceSave.start();
    Pending pending{mRecipe, picture};
    pending.project.doneIterations = progress.iteration;
    pending.project.totalIterations = progress.totalIterations;
    if (mWriting) {
        mQueued = std::move(pending); // only the newest waiting save matters
        return;
    }
    write(std::move(pending));
}

void Autosaver::write(Pending pending)
{
    mWriting = true;
    const std::string path = projectPath().toStdString();
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, iteration = pending.project.doneIterations] {
        const QString error = watcher->result();
        watcher->deleteLater();
        mWriting = false;
        if (!error.isEmpty())
            Q_EMIT failed(error);
        else if (mActive)
            Q_EMIT saved(iteration);
        if (mQueued && mActive) {
            Pending next = std::move(*mQueued);
            mQueued.reset();
            write(std::move(next));
        } else if (!mActive) {
            clear();
        }
    });
    watcher->setFuture(QtConcurrent::run([path, pending] {
        try {
            brushwork::saveProjectWithPicture(path, pending.project, matimage::toMat(pending.picture));
            return QString();
        } catch (const brushwork::Error& error) {
            return errortext::describe(error);
        }
    }));
}

void Autosaver::clear()
{
    mActive = false;
    mQueued.reset();
    // A save still being written would put the files back; it clears them
    // itself when it lands.
    if (mWriting)
        return;
    QDir(mFolder).removeRecursively();
}
