// SPDX-License-Identifier: GPL-3.0-or-later
// A project's pictures on disk: where each one is found, and the copies kept
// beside the project so that it survives the originals moving.
#include "brushwork/image.h"
#include "brushwork/project.h"

#include <filesystem>

namespace brushwork {

std::string locateProjectPicture(const std::string& projectPath, const ProjectPicture& picture)
{
    const std::filesystem::path folder = std::filesystem::path(projectPath).parent_path();
    const std::filesystem::path original = folder / picture.path;
    if (!picture.embedded.empty() && (picture.path.empty() || !std::filesystem::exists(original)))
        return (folder / picture.embedded).string();
    return original.string();
}

ProjectPhoto locateProjectPhoto(const std::string& projectPath, const Project& project,
                                const std::function<bool(const std::string&)>& isClip)
{
    ProjectPhoto photo{locateProjectPicture(projectPath, project.content), 0};
    const std::filesystem::path clip = std::filesystem::path(projectPath).parent_path() / project.content.path;
    if (photo.path != clip.string())
        return photo;
    if (project.contentFrame > 0)
        photo.frame = project.contentFrame;
    else if (isClip && isClip(photo.path))
        photo.frame = 1;
    return photo;
}

void saveProjectCopies(const std::string& projectPath, const std::string& subfolder, Project& project,
                       const cv::Mat& content, const std::vector<cv::Mat>& styles)
{
    const std::filesystem::path relative(subfolder);
    const std::filesystem::path folder = std::filesystem::path(projectPath).parent_path() / relative;
    std::error_code ignored;
    std::filesystem::create_directories(folder, ignored); // a failure shows as the save's error, naming the file
    ImageSaveOptions options;
    options.sixteenBit = true; // the engine's precision: a copy paints exactly like the original
    saveImage((folder / "photo.png").string(), content, options);
    project.content.embedded = (relative / "photo.png").string();
    for (std::size_t i = 0; i < styles.size() && i < project.styles.size(); ++i) {
        const std::string name = "painting-" + std::to_string(i + 1) + ".png";
        saveImage((folder / name).string(), styles[i], options);
        project.styles[i].embedded = (relative / name).string();
    }
}

} // namespace brushwork
