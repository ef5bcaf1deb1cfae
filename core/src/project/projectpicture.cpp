// SPDX-License-Identifier: GPL-3.0-or-later
// A project's picture, saved and found beside the project file, and a run
// going on from it.
#include "brushwork/image.h"
#include "brushwork/project.h"

#include <algorithm>
#include <filesystem>

namespace brushwork {

void saveProjectWithPicture(const std::string& path, Project project, const cv::Mat& picture)
{
    const std::filesystem::path file(path);
    project.result = file.stem().string() + ".result.png";
    ImageSaveOptions options;
    options.sixteenBit = true; // a project continues from it: keep the engine's precision
    saveImage((file.parent_path() / project.result).string(), picture, options);
    saveProject(path, project);
}

cv::Mat loadProjectPicture(const std::string& projectPath, const Project& project)
{
    if (project.result.empty())
        return {};
    return loadImage((std::filesystem::path(projectPath).parent_path() / project.result).string());
}

} // namespace brushwork
