// SPDX-License-Identifier: GPL-3.0-or-later
// "Select similar": a rough stroke over an object grown to the object's
// edges with OpenCV's GrabCut.
#pragma once

#include <opencv2/core.hpp>

namespace brushwork::studio {

/// The long side the photo is segmented at: GrabCut's time grows with the
/// pixels, and a region's edge needs no finer grid than the preview's.
inline constexpr int kSelectSide = 384;

/// The object under `stroke` (CV_32FC1 0..1, painted where the painter
/// stroked, of `photo`'s aspect at any size) in `photo` (CV_32FC3 RGB 0..1):
/// CV_32FC1 0..1 at the stroke's size. The middle of the stroke is taken as
/// surely the object, the rest of the stroke as likely, everything else as
/// likely not; an empty stroke selects nothing.
cv::Mat selectSimilar(const cv::Mat& photo, const cv::Mat& stroke);

} // namespace brushwork::studio
