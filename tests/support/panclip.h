// SPDX-License-Identifier: GPL-3.0-or-later
// Small clips whose true motion is known, for the video tests.
#pragma once

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace testsupport {

/// `count` frames of `size` panning across a sample photo (the shared
/// astronaut, else makeContentImage): frame i is the window at x = i *
/// `step`, so the flow from each frame back to the one before is (step, 0).
std::vector<cv::Mat> panFrames(int count, cv::Size size, int step);

/// The frames saved as frame_000001.png ... in `folder` (created).
void savePanFolder(const std::vector<cv::Mat>& frames, const std::string& folder);

} // namespace testsupport
