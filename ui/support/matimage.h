// SPDX-License-Identifier: GPL-3.0-or-later
// Pictures between the engine (cv::Mat, CV_32FC3 RGB 0..1) and Qt (QImage).
#pragma once

#include <QImage>
#include <opencv2/core.hpp>

namespace brushwork::studio::matimage {

/// A deep copy, safe to send to another thread: Format_RGB888, or with
/// `sixteenBit` Format_RGBX64, which keeps a finished picture's precision
/// for 16-bit export.
QImage toQImage(const cv::Mat& rgb, bool sixteenBit = false);

/// A deep copy as CV_32FC3 RGB 0..1 (16 bits of precision from RGBX64
/// images, 8 otherwise); alpha is composited onto white.
cv::Mat toMat(const QImage& image);

} // namespace brushwork::studio::matimage
