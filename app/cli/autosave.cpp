// SPDX-License-Identifier: GPL-3.0-or-later
#include "autosave.h"

#include "brushwork/printable.h"

#include <iostream>

namespace cli {

Autosave::Autosave(std::string path, brushwork::Project recipe, std::chrono::seconds interval)
    : mPath(std::move(path))
    , mRecipe(std::move(recipe))
    , mPolicy(interval)
{
    // The recipe alone already restarts the run.
    write([&] { brushwork::saveProject(mPath, mRecipe); });
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
    write([&] { brushwork::saveProjectWithPicture(mPath, mRecipe, picture); });
    mPolicy.saved();
}

void Autosave::write(const std::function<void()>& save)
{
    // The autosave is insurance for the run, not its result: a full disk
    // there must not throw away the painting that -o is still to get.
    try {
        save();
        mWarned = false;
    } catch (const std::exception& error) {
        if (!mWarned)
            std::cerr << "Warning: the autosave could not be written; the run goes on without it ("
                      << brushwork::printableText(error.what(), 1000) << ")\n";
        mWarned = true;
    }
}

} // namespace cli
