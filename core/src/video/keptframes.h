// SPDX-License-Identifier: GPL-3.0-or-later
// The finished frames of a clip, kept in a folder beside its output until
// the clip is written, so that a run that was stopped goes on from the
// next frame.
#pragma once

#include <opencv2/core.hpp>

#include <functional>
#include <string>

namespace brushwork {

class KeptFrames {
public:
    /// Opens (or makes) the folder. Frames kept there by a run with another
    /// `recipe` (the settings that shape the frames) are dropped, saying so
    /// through `notice`.
    KeptFrames(std::string folder, const std::string& recipe, const std::function<void(const std::string&)>& notice);

    const std::string& folder() const { return mFolder; }
    /// How many frames, from the first, are kept.
    int count() const { return mCount; }
    /// Frame `index` (from 1), which must be kept.
    cv::Mat load(int index) const;
    /// Keeps frame `index` (count() + 1), written atomically.
    void keep(int index, const cv::Mat& rgb);
    /// Removes the folder and what it holds.
    void remove();

private:
    std::string framePath(int index) const;

    std::string mFolder;
    int mCount = 0;
};

} // namespace brushwork
