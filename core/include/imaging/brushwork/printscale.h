// SPDX-License-Identifier: GPL-3.0-or-later
// A print beside its preview: enlarging a painted picture with the photo's
// detail, and how alike two pictures of any size look (issue 27).
#pragma once

#include <opencv2/core.hpp>

namespace brushwork {

/// `painted` (CV_32FC3 RGB 0..1, smaller than `photo`) at `photo`'s size
/// (a guided upsampling): enlarged, with the photo's fine detail added where
/// the painting follows the photo's shapes, so that its strokes stay where
/// they were and its edges are as sharp as the photo's. Shrunk again, it is
/// `painted`.
cv::Mat enlargeWithPhotoDetail(const cv::Mat& painted, const cv::Mat& photo);

/// `print` (CV_32FC3 RGB 0..1, larger than `preview`) corrected so that,
/// shrunk to `preview`'s size, it is `preview` (an iterative back-projection,
/// Irani and Peleg 1991): the strokes, colours and shapes are the preview's,
/// what `print` adds is only the detail finer than the preview's pixels.
cv::Mat anchorToPreview(const cv::Mat& print, const cv::Mat& preview);

/// The structural similarity (SSIM, 1: the same) of two CV_32FC3 RGB 0..1
/// pictures, the larger first shrunk to the smaller's size: whether a print
/// shows its preview's strokes in the same places. The mean of the three
/// channels' SSIM.
double structuralSimilarity(const cv::Mat& a, const cv::Mat& b);

} // namespace brushwork
