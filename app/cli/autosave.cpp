// SPDX-License-Identifier: GPL-3.0-or-later
#include "autosave.h"

namespace cli {

Autosave::Autosave(std::string path, brushwork::Project recipe, std::chrono::seconds interval)
    : mPath(std::move(path))
    , mRecipe(std::move(recipe))
    , mPolicy(interval)
{
    brushwork::saveProject(mPath, mRecipe); // the recipe alone already restarts the run
}

void Autosave::onFrame(const cv::Mat& picture, const brushwork::Progress& progress)
{
    if (mPolicy.due(progress))
        save(picture, progress);
}

void Autosave::save(const cv::Mat& picture, const brushwork::Progress& progress)
{
    mRecipe.doneIterations = progress.iteration;
    mRecipe.totalIterations = progress.totalIterations;
    brushwork::saveProjectWithPicture(mPath, mRecipe, picture);
    mPolicy.saved();
}

} // namespace cli
