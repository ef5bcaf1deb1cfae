// SPDX-License-Identifier: GPL-3.0-or-later
// The masks of regions (params.h: Region): pictures whose brightness says
// how much of each pixel a region holds.
#pragma once

#include "brushwork/params.h"

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace brushwork {

/// A mask may differ from the photo's aspect ratio by this fraction (it is
/// stretched to the photo's size): a mask saved at another size rounds its
/// sides, a mask of another picture does not fit.
inline constexpr double kMaskAspectTolerance = 0.01;

/// The mask in picture file `path`: its brightness, CV_32FC1 0..1. Loaded as
/// every picture is (loadImage: the hostile-input checks); then as
/// checkRegionMask. Throws Error(BadInput) naming the file.
cv::Mat loadRegionMask(const std::string& path, cv::Size photo);

/// Refuses (Error(BadInput) naming `name`) a mask (CV_32FC1) whose aspect ratio differs from `photo`'s by more than kMaskAspectTolerance
/// (naming both sizes), or that is all black (a region with no pixels).
void checkRegionMask(const cv::Mat& mask, cv::Size photo, const std::string& name);

/// Each region's share of every pixel of a `size` picture (CV_32FC1 0..1,
/// its mask stretched to that size), then what the pixels have left for the
/// blend of all paintings: regions.size() + 1 shares that add up to 1 at
/// every pixel. Where masks add up to more than 1 each is scaled down in
/// proportion.
std::vector<cv::Mat> regionShares(const std::vector<Region>& regions, cv::Size size);

} // namespace brushwork
