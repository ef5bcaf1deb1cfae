// SPDX-License-Identifier: GPL-3.0-or-later
#include "video/keptframes.h"

#include "motion/clipsources.h"

#include "brushwork/atomicfile.h"
#include "brushwork/error.h"
#include "brushwork/image.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace brushwork {
namespace {

namespace fs = std::filesystem;

constexpr const char* kRecipeName = "recipe.txt";

std::string readRecipe(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

KeptFrames::KeptFrames(std::string folder, const std::string& recipe,
                       const std::function<void(const std::string&)>& notice)
    : mFolder(std::move(folder))
{
    std::error_code error;
    const fs::path recipeFile = fs::path(mFolder) / kRecipeName;
    if (fs::exists(mFolder, error)) {
        // Only a folder this class made is ever emptied.
        const bool recipeKept = fs::is_regular_file(recipeFile, error);
        if (!fs::is_directory(mFolder, error) || (!recipeKept && !fs::is_empty(mFolder, error)))
            throw Error(ErrorKind::Usage, mFolder,
                        "something else is in the way of the folder where the clip's finished frames are kept",
                        "Move it away, or choose another output name");
        if (recipeKept && readRecipe(recipeFile) != recipe) {
            if (notice)
                notice("The frames kept in " + mFolder + " were painted with other settings; starting from the first frame");
            fs::remove_all(mFolder, error);
        }
    }
    fs::create_directories(mFolder, error);
    if (error)
        throw Error(ErrorKind::Io, mFolder, "could not make the folder for the finished frames (" + error.message() + ")");
    if (!fs::exists(recipeFile, error))
        writeFileAtomically(recipeFile.string(), "the frames' recipe", recipe.data(), recipe.size());
    while (fs::exists(framePath(mCount + 1), error))
        ++mCount;
}

cv::Mat KeptFrames::load(int index) const
{
    return loadImage(framePath(index));
}

void KeptFrames::keep(int index, const cv::Mat& rgb)
{
    saveImage(framePath(index), rgb);
    mCount = std::max(mCount, index);
}

void KeptFrames::remove()
{
    std::error_code ignored;
    fs::remove_all(mFolder, ignored);
}

std::string KeptFrames::framePath(int index) const
{
    return (fs::path(mFolder) / numberedFrameName(index)).string();
}

} // namespace brushwork
