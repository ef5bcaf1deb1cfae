// SPDX-License-Identifier: GPL-3.0-or-later
#include "background/autosaver.h"

#include "support/errortext.h"
#include "support/matimage.h"

#include "brushwork/tasks/taskrunner.h"

#include <QDir>
#include <QStandardPaths>

namespace brushwork::studio {

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

void Autosaver::begin(const brushwork::Project& recipe, const cv::Mat& content, const std::vector<cv::Mat>& styles)
{
    mActive = true;
    mQueued.reset();
    mSteered.reset();
    mPolicy.saved();
    mWriting = true;
    const std::string path = projectPath().toStdString();
    auto copy = [path, project = recipe, content, styles]() mutable {
        brushwork::saveProjectCopies(path, "", project, content, styles);
        brushwork::saveProject(path, project); // the recipe alone already restarts the run
        return project;
    };
    TaskRunner::runOnce(this, std::move(copy), [this](const TaskResult<brushwork::Project>& result) {
        mWriting = false;
        if (!result.ok()) {
            mActive = false;
            mQueued.reset();
            Q_EMIT failed(errortext::describe(result.error));
            return;
        }
        mRecipe = result.value;
        writeNext();
    });
}

void Autosaver::steer(const brushwork::LossWeights& weights)
{
    if (mActive)
        mSteered = weights;
}

void Autosaver::update(const QImage& picture, const brushwork::Progress& progress)
{
    if (mPolicy.due(progress))
        save(picture, progress);
}

void Autosaver::save(const QImage& picture, const brushwork::Progress& progress)
{
    if (!mActive || picture.isNull())
        return;
    mPolicy.saved();
    mQueued = Pending{picture, progress}; // only the newest waiting save matters
    if (!mWriting)
        writeNext();
}

void Autosaver::writeNext()
{
    if (!mActive) {
        clear();
        return;
    }
    if (!mQueued)
        return;
    const Pending pending = std::move(*mQueued);
    mQueued.reset();
    write(pending);
}

void Autosaver::write(const Pending& pending)
{
    mWriting = true;
    brushwork::Project project = mRecipe;
    if (mSteered)
        project.params.weights = *mSteered;
    project.doneIterations = pending.progress.iteration;
    project.totalIterations = pending.progress.totalIterations;
    const std::string path = projectPath().toStdString();
    const QImage picture = pending.picture;
    TaskRunner::runOnce(
        this, [path, project, picture] { brushwork::saveProjectWithPicture(path, project, matimage::toMat(picture)); },
        [this, iteration = project.doneIterations](const TaskResult<NoValue>& result) {
            mWriting = false;
            if (!result.ok())
                Q_EMIT failed(errortext::describe(result.error));
            else if (mActive)
                Q_EMIT saved(iteration);
            writeNext();
        });
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

} // namespace brushwork::studio
