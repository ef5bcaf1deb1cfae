// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "brushwork/autosavepolicy.h"
#include "brushwork/progress.h"
#include "brushwork/project.h"

#include <chrono>
#include <functional>
#include <string>

namespace cli {

/// --autosave FILE: keeps a project and its picture up to date while a run
/// goes, at the end of every scale and at least every `interval`, so that a
/// killed run can go on with --project FILE --resume. A save that fails (a
/// full disk) is a warning on stderr, never the end of the run.
class Autosave {
public:
    Autosave(std::string path, brushwork::Project recipe, std::chrono::seconds interval);

    void onFrame(const cv::Mat& picture, const brushwork::Progress& progress);
    void save(const cv::Mat& picture, const brushwork::Progress& progress);

private:
    void write(const std::function<void()>& save);

    std::string mPath;
    brushwork::Project mRecipe;
    brushwork::AutosavePolicy mPolicy;
    bool mWarned = false; ///< said once until a save works again
};

} // namespace cli
