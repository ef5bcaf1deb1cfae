// SPDX-License-Identifier: GPL-3.0-or-later
// Pictures between the engine (cv::Mat, CV_32FC3 RGB 0..1) and Qt (QImage).
#pragma once

#include <QImage>
#include <opencv2/core.hpp>

namespace matimage {

/// A deep copy as QImage::Format_RGB888, safe to send to another thread.
QImage toQImage(const cv::Mat& rgb);

/// A deep copy as CV_32FC3 RGB 0..1; alpha is composited onto white.
cv::Mat toMat(const QImage& image);

} // namespace matimage
