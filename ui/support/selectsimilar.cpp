// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/selectsimilar.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace brushwork::studio {
namespace {

/// GrabCut's rounds of colour models and cut: past five the selection
/// rarely moves.
constexpr int kRounds = 5;

} // namespace

cv::Mat selectSimilar(const cv::Mat& photo, const cv::Mat& stroke)
{
    const double scale = std::min(1.0, double(kSelectSide) / std::max(photo.cols, photo.rows));
    const cv::Size size(std::max(1, int(std::lround(photo.cols * scale))),
                        std::max(1, int(std::lround(photo.rows * scale))));
    cv::Mat small, bgr;
    cv::resize(photo, small, size, 0, 0, cv::INTER_AREA);
    cv::cvtColor(small, bgr, cv::COLOR_RGB2BGR);
    bgr.convertTo(bgr, CV_8UC3, 255.0);

    cv::Mat stroked;
    cv::resize(stroke, stroked, size, 0, 0, cv::INTER_AREA);
    cv::Mat inStroke = stroked > 0.5f;
    const int strokedPixels = cv::countNonZero(inStroke);
    if (strokedPixels == 0)
        return cv::Mat(stroke.size(), CV_32FC1, cv::Scalar(0));
    if (strokedPixels == size.area()) // nothing left to tell the object from
        return cv::Mat(stroke.size(), CV_32FC1, cv::Scalar(1));
    // The stroke's middle: the pixels farther from its edge than half its
    // widest, which a rough stroke over the object rarely spills past.
    cv::Mat distance;
    cv::distanceTransform(inStroke, distance, cv::DIST_L2, 3);
    double widest = 0;
    cv::minMaxLoc(distance, nullptr, &widest);
    const cv::Mat middle = distance >= std::max(1.0, widest / 2);

    cv::Mat labels(size, CV_8UC1, cv::Scalar(cv::GC_PR_BGD));
    labels.setTo(cv::Scalar(cv::GC_PR_FGD), inStroke);
    labels.setTo(cv::Scalar(cv::GC_FGD), middle);
    cv::Mat background, foreground;
    cv::grabCut(bgr, labels, cv::Rect(), background, foreground, kRounds, cv::GC_INIT_WITH_MASK);

    const cv::Mat object = (labels == cv::GC_FGD) | (labels == cv::GC_PR_FGD);
    cv::Mat selected;
    object.convertTo(selected, CV_32FC1, 1.0 / 255.0);
    cv::resize(selected, selected, stroke.size(), 0, 0, cv::INTER_LINEAR);
    return selected;
}

} // namespace brushwork::studio
