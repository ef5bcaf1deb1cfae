// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/autosave.h"

#include "brushwork/printable.h"

#include <algorithm>

namespace brushwork {

Autosave::Autosave(std::string path, Project recipe, std::chrono::seconds interval,
                   std::function<void(const std::string&)> warn)
    : mPath(std::move(path))
    , mRecipe(std::move(recipe))
    , mPolicy(interval)
    , mWarn(std::move(warn))
{
    // The recipe alone already restarts the run.
    write([&] { saveProject(mPath, mRecipe); });
}

void Autosave::onFrame(const cv::Mat& picture, const Progress& progress)
{
    if (mPolicy.due(progress))
        save(picture, progress);
}

void Autosave::save(const cv::Mat& picture, const Progress& progress)
{
    mRecipe.doneIterations = progress.iteration;
    mRecipe.totalIterations = progress.totalIterations;
    write([&] { saveProjectWithPicture(mPath, mRecipe, picture); });
    mPolicy.saved();
}

void Autosave::write(const std::function<void()>& save)
{
    // The autosave is insurance for the run, not its result: a full disk
    // there must not throw away the painting that is still to be written.
    try {
        save();
        mWarned = false;
    } catch (const std::exception& error) {
        if (!mWarned && mWarn)
            mWarn("Warning: the autosave could not be written; the run goes on without it (" +
                  printableText(error.what(), 1000) + ")");
        mWarned = true;
    }
}

void resumeFrom(const Project& project, const std::string& projectFile, StyleParams& params)
{
    const cv::Mat picture = loadProjectPicture(projectFile, project);
    if (picture.empty())
        return; // saved before its first picture: the recipe starts it over
    params.init = InitKind::Image;
    params.initImage = picture;
    // A print saved before its final size goes on as a print of that
    // picture: enlarged and refined, held to it, not painted over at the
    // final size with every iteration it had left.
    const bool printToGo = params.size > params.previewSize && std::max(picture.cols, picture.rows) < params.size;
    params.multiScale = params.multiScale && printToGo;
    if (project.totalIterations > 0)
        params.iterations = std::max(1, project.totalIterations - project.doneIterations);
}

} // namespace brushwork
