// SPDX-License-Identifier: GPL-3.0-or-later
// Painting on regions' masks (params.h: Region) and showing them. Points are
// fractions of the picture (0..1 across and down), so one stroke lands in
// the same place on masks of any size. Every edit returns a new mask and
// leaves the one given alone: a run may still be reading it.
#pragma once

#include "brushwork/params.h"

#include <QColor>
#include <QImage>
#include <QPointF>
#include <opencv2/core.hpp>

#include <vector>

namespace brushwork::studio::regionmasks {

/// `mask` with a stroke from `from` to `to`, `radius` (a fraction of the
/// long side) wide either side, set to `value` (1: the brush, 0: the eraser).
cv::Mat stroke(const cv::Mat& mask, QPointF from, QPointF to, double radius, float value);

/// `mask` with the area around `at` that the mask holds as it holds `at`
/// (bounded by what was painted, or all of it) set to 1: a paint bucket on
/// the mask, which fills an outline drawn with the brush.
cv::Mat fill(const cv::Mat& mask, QPointF at);

/// `mask` with `added` (CV_32FC1 0..1 of the same aspect, any size) painted in.
cv::Mat add(const cv::Mat& mask, const cv::Mat& added);

/// The colour region `index` is shown in, the same in the list and on the picture.
QColor colourOf(int index);

/// The regions as translucent colour over a picture of `size`
/// (Format_ARGB32_Premultiplied), each in colourOf its index.
QImage overlay(const std::vector<brushwork::Region>& regions, QSize size);

} // namespace brushwork::studio::regionmasks
