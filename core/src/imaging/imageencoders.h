// SPDX-License-Identifier: GPL-3.0-or-later
// Encoders that carry what printers need: the resolution (DPI) and the
// colour space (sRGB), which OpenCV's writers leave out.
#pragma once

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace brushwork {

/// PNG with an sRGB chunk and, when dpi > 0, a pHYs chunk.
std::vector<unsigned char> encodePng(const cv::Mat& rgb, bool sixteenBit, double dpi);

/// Baseline JPEG with JFIF density in dots per inch (when dpi > 0) and an
/// embedded sRGB ICC profile.
std::vector<unsigned char> encodeJpeg(const cv::Mat& rgb, int quality, double dpi);

/// WebP (lossless at quality 100); WebP is sRGB by definition and has no
/// resolution field.
std::vector<unsigned char> encodeWebp(const cv::Mat& rgb, int quality);

/// LZW-compressed TIFF (8 or 16 bits per channel) with resolution tags in
/// inches and an embedded sRGB ICC profile, written to `path`.
void writeTiff(const std::string& path, const cv::Mat& rgb, bool sixteenBit, double dpi);

/// The sRGB IEC61966-2.1 ICC profile, as lcms2 builds it.
const std::vector<unsigned char>& srgbProfile();

} // namespace brushwork
