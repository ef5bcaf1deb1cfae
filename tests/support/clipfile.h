// SPDX-License-Identifier: GPL-3.0-or-later
// Writing a test's frames as a clip file, for the tests that link the clip
// libraries (test support itself does not, so a build without clips keeps it).
#pragma once

#include "brushwork/framesink.h"

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace testsupport {

/// `frames` written to `path` (its extension chooses the format) at `fps`.
inline void writeClip(const std::string& path, const std::vector<cv::Mat>& frames, double fps)
{
    auto sink = brushwork::openFrameSink(path, frames.at(0).size(), fps);
    for (const cv::Mat& frame : frames)
        sink->write(frame);
    sink->finish();
}

} // namespace testsupport
