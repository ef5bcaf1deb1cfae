// SPDX-License-Identifier: GPL-3.0-or-later
// Motion between frames, as Ruder et al. (2016) use it to keep a painted
// clip steady: the optical flow (OpenCV's DIS), the pixels where it can be
// trusted, warping a picture along it, and the warping error that measures
// how much a clip flickers.
#pragma once

#include <opencv2/core.hpp>

namespace brushwork {

/// Where each pixel of `to` was in `from` (CV_32FC2, x then y, in pixels):
/// `from` sampled at p + flow(p) gives `to` at p. Both CV_32FC3 RGB 0..1 of
/// one size. Deterministic (DIS on one thread's arithmetic).
cv::Mat opticalFlow(const cv::Mat& to, const cv::Mat& from);

/// `picture` sampled along `flow` (as opticalFlow returns it): the previous
/// frame moved to where its pixels are in the next. Pixels that come from
/// outside take the nearest edge.
cv::Mat warpAlongFlow(const cv::Mat& picture, const cv::Mat& flow);

/// CV_32F 0 or 1 per pixel: 1 where the flow can be trusted. Ruder et al.'s
/// forward-backward check (`backward`: the flow opticalFlow(next, previous),
/// `forward`: opticalFlow(previous, next); followed there and back, a pixel
/// must come home) and their motion-boundary check (no sharp change of
/// the flow around the pixel); pixels that came in from outside the frame
/// are new, never reliable.
cv::Mat reliableFlowMask(const cv::Mat& backward, const cv::Mat& forward);

/// The warping error: the mean squared difference per channel between
/// `current` and `previousWarped`, over the pixels where `mask` is 1 (0
/// when none is).
double warpingError(const cv::Mat& current, const cv::Mat& previousWarped, const cv::Mat& mask);

/// The motion from `previous` to `next` (two frames of the input clip) as
/// the painted clip follows it: the backward flow and its reliable pixels.
/// Frames over 384 pixels on their long side are followed at half their
/// size, the flow and mask then enlarged to theirs.
struct FrameMotion {
    cv::Mat flow; ///< opticalFlow(next, previous)
    cv::Mat mask; ///< reliableFlowMask
};
FrameMotion frameMotion(const cv::Mat& previous, const cv::Mat& next);

} // namespace brushwork
