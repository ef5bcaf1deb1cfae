// SPDX-License-Identifier: GPL-3.0-or-later
// A run's frame as the small PNG a live preview shows.
#pragma once

#include <opencv2/core.hpp>

#include <string>

namespace brushwork {

/// `rgb` (CV_32FC3, 0..1) at most `longSide` px on its long side, as PNG bytes.
std::string previewPng(const cv::Mat& rgb, int longSide);

} // namespace brushwork
