// SPDX-License-Identifier: GPL-3.0-or-later
// Keeping a photograph's own colours while its texture becomes a painting's.
#pragma once

#include <opencv2/core.hpp>

namespace brushwork {

/// Gives `style` the mean and covariance of `content`'s colours (RGB, Gatys et
/// al. 2016 "Preserving color"), so the painting's strokes arrive in the
/// photograph's palette. Both are CV_32FC3 RGB 0..1; the result has style's size.
cv::Mat matchColourStatistics(const cv::Mat& style, const cv::Mat& content);

/// Keeps the luminance (Y of YCrCb) of `stylized` and the chroma of `content`.
/// `content` is resized to `stylized`'s size when they differ.
cv::Mat keepContentChroma(const cv::Mat& stylized, const cv::Mat& content);

} // namespace brushwork
