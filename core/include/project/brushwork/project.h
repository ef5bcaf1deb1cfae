// SPDX-License-Identifier: GPL-3.0-or-later
// A Brushwork project: the pictures, every parameter and the seed, as a
// versioned JSON file (.brushwork) that reproduces or continues a picture.
#pragma once

#include "brushwork/params.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace brushwork {

/// The newest project format this build writes and reads: 2 added a clip's
/// frame as the photo (Project::contentFrame). A still's project is written
/// as format 1, which every Brushwork reads.
constexpr int kProjectVersion = 2;

struct ProjectPicture {
    std::string path;      ///< as the user chose it; relative paths are relative to the project file
    std::string name;      ///< shown to the user and in metadata
    std::string embedded;  ///< a copy beside the project, relative to it; used when `path` is gone
};

/// How an instant picture was painted: the optimisation's settings do not
/// say, and a collector (or a later Brushwork) needs to know which network and
/// which style made it.
struct InstantRecipe {
    /// kAnyPaintingNetwork, or the name of the style network that painted it.
    std::string network;
    std::string networkSha256;        ///< of the network's file(s), when known
    float strength = 1.0f;            ///< 0..1, the painting's share of the style (any painting)
    std::vector<float> styleVector;   ///< the 100 numbers it painted with (any painting); else empty
};

/// InstantRecipe::network of the built-in network that paints in the style of
/// any painting (Magenta's arbitrary-image-stylization-v1-256).
inline constexpr const char* kAnyPaintingNetwork = "magenta-arbitrary-image-stylization-v1-256";

struct Project {
    ProjectPicture content;
    /// From 1, the frame of the clip at content.path that is the photo (a
    /// project saved with a clip open; content.embedded is a copy of that
    /// frame); 0: content.path is a still picture. In the file: content.frame.
    int contentFrame = 0;
    std::vector<ProjectPicture> styles;
    StyleParams params;          ///< params.initImage is not stored
    std::string network = "vgg19";
    std::string weightsSha256;   ///< of the weights that painted the result, when known
    std::string result;          ///< the current picture, relative to the project file
    std::string printSize;       ///< e.g. "A3@300"; empty: none chosen
    double dpi = 0;              ///< written into exports; 0: none
    std::string engineVersion;   ///< the Brushwork that wrote the file
    int doneIterations = 0;      ///< of the run that painted `result`, when it was saved
    int totalIterations = 0;
    std::optional<InstantRecipe> instant; ///< set: `result` is an instant picture
};

/// The JSON text of `project` (format "brushwork-project", kProjectVersion).
std::string projectToJson(const Project& project);

/// Parses a project's JSON. Damaged JSON, a missing key, a value of the wrong
/// type or out of range, and a newer version are refused with Error(BadInput)
/// naming `fileName` and the key, so nothing is ever half-loaded.
Project projectFromJson(const std::string& text, const std::string& fileName);

/// Reads and parses a project file (at most 16 MB). Throws Error(BadInput/Io).
Project loadProject(const std::string& path);

/// Writes projectToJson(project) to `path` atomically. Throws Error(Io).
void saveProject(const std::string& path, const Project& project);

/// Saves `picture` beside the project (as <name>.result.png, 16 bits), then
/// the project pointing at it, each atomically: a kill at any moment leaves
/// the previous state or the new one, never a mix that cannot be opened.
void saveProjectWithPicture(const std::string& path, Project project, const cv::Mat& picture);

/// Where a project's picture is: its path (a relative one from the project's
/// folder), or the copy kept beside the project when the original is gone.
std::string locateProjectPicture(const std::string& projectPath, const ProjectPicture& picture);

/// A project's photo as it is found: where (locateProjectPicture), and
/// which frame of it when it is a clip's (from 1; 0 for a still, which the
/// copy kept beside the project is when the clip is gone). A project saved
/// with a clip open before projects kept the frame names the clip alone:
/// `isClip` (brushwork::isClipPath where the build has clips) tells it, and
/// its photo is the clip's first frame.
struct ProjectPhoto {
    std::string path;
    int frame = 0;
};
ProjectPhoto locateProjectPhoto(const std::string& projectPath, const Project& project,
                                const std::function<bool(const std::string&)>& isClip = {});

/// Writes 16-bit PNG copies of the photo and paintings into `subfolder` of
/// the project's folder ("" for the folder itself) and points the project's
/// pictures at them (`embedded`), so that it opens after the originals moved
/// or, for pasted pictures, never had a file. Throws Error(Io).
void saveProjectCopies(const std::string& projectPath, const std::string& subfolder, Project& project,
                       const cv::Mat& content, const std::vector<cv::Mat>& styles);

/// The picture a project refers to (its `result`, relative to `projectPath`);
/// empty when it has none. Throws Error when it is named but unreadable.
cv::Mat loadProjectPicture(const std::string& projectPath, const Project& project);

} // namespace brushwork
