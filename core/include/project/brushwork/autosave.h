// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "brushwork/autosavepolicy.h"
#include "brushwork/progress.h"
#include "brushwork/project.h"

#include <chrono>
#include <functional>
#include <string>

namespace brushwork {

/// Keeps a project and its picture up to date while a run goes, at the end
/// of every scale and at least every `interval`, so that a killed run can go
/// on from it (render's --autosave, a collection piece's). A save that fails
/// (a full disk) is a warning through `warn`, never the end of the run.
class Autosave {
public:
    Autosave(std::string path, Project recipe, std::chrono::seconds interval,
             std::function<void(const std::string&)> warn);

    void onFrame(const cv::Mat& picture, const Progress& progress);
    void save(const cv::Mat& picture, const Progress& progress);

private:
    void write(const std::function<void()>& save);

    std::string mPath;
    Project mRecipe;
    AutosavePolicy mPolicy;
    std::function<void(const std::string&)> mWarn;
    bool mWarned = false; ///< said once until a save works again
};

/// Makes `params` go on from `project`'s saved picture with the iterations it
/// had left, at the final size (`projectFile` is where the project is); a
/// print saved smaller than its size goes on as the print of that picture.
void resumeFrom(const Project& project, const std::string& projectFile, StyleParams& params);

} // namespace brushwork
