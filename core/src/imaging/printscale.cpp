// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/printscale.h"

#include "brushwork/error.h"

#include <algorithm>
#include <opencv2/imgproc.hpp>
#include <opencv2/quality/qualityssim.hpp>
#include <vector>

namespace brushwork {
namespace {

/// The guided filter's window radius at the painted size, and its
/// regularisation in (0..1 luminance)²: photo detail whose contrast over
/// the window stays below about its square root is not taken as an edge
/// the painting follows.
constexpr int kGuideRadius = 2;
constexpr double kGuideEpsilon = 1e-3;

void requirePicture(const cv::Mat& picture, const char* what)
{
    if (picture.empty() || picture.type() != CV_32FC3)
        throw Error(ErrorKind::Usage, {}, std::string("there is no ") + what + " to compare or enlarge");
}

cv::Mat luminance(const cv::Mat& rgb)
{
    cv::Mat grey;
    cv::cvtColor(rgb, grey, cv::COLOR_RGB2GRAY);
    return grey;
}

cv::Mat boxMean(const cv::Mat& picture)
{
    cv::Mat mean;
    cv::boxFilter(picture, mean, CV_32F, cv::Size(2 * kGuideRadius + 1, 2 * kGuideRadius + 1), cv::Point(-1, -1),
                  true, cv::BORDER_REFLECT);
    return mean;
}

} // namespace

cv::Mat enlargeWithPhotoDetail(const cv::Mat& painted, const cv::Mat& photo)
{
    requirePicture(painted, "painted picture");
    requirePicture(photo, "photo");
    cv::Mat enlarged;
    cv::resize(painted, enlarged, photo.size(), 0, 0, cv::INTER_CUBIC);
    if (photo.cols <= painted.cols)
        return cv::max(cv::min(enlarged, 1.0), 0.0);
    // Fast guided upsampling (He and Sun 2015): at the painted size, how
    // much each channel of the painting follows the photo's luminance
    // locally (the guided filter's gain a); at full size, the photo's detail
    // that its own enlargement lacks, times that gain, is added. Shrunk
    // again, the added detail averages out: the strokes are the preview's.
    cv::Mat small;
    cv::resize(photo, small, painted.size(), 0, 0, cv::INTER_AREA);
    const cv::Mat guide = luminance(small);
    const cv::Mat guideMean = boxMean(guide);
    const cv::Mat guideVariance = boxMean(guide.mul(guide)) - guideMean.mul(guideMean);
    cv::Mat channels[3];
    cv::split(painted, channels);
    cv::Mat gains[3];
    for (int c = 0; c < 3; ++c) {
        const cv::Mat covariance = boxMean(guide.mul(channels[c])) - guideMean.mul(boxMean(channels[c]));
        cv::Mat gain = covariance / (guideVariance + kGuideEpsilon);
        cv::resize(boxMean(gain), gains[c], photo.size(), 0, 0, cv::INTER_LINEAR);
    }
    cv::Mat guideEnlarged;
    cv::resize(guide, guideEnlarged, photo.size(), 0, 0, cv::INTER_CUBIC);
    const cv::Mat detail = luminance(photo) - guideEnlarged;
    cv::Mat added;
    cv::merge(std::vector<cv::Mat>{gains[0].mul(detail), gains[1].mul(detail), gains[2].mul(detail)}, added);
    return cv::max(cv::min(enlarged + added, 1.0), 0.0);
}

double structuralSimilarity(const cv::Mat& a, const cv::Mat& b)
{
    requirePicture(a, "picture");
    requirePicture(b, "picture");
    const bool aLarger = a.total() > b.total();
    const cv::Mat& small = aLarger ? b : a;
    cv::Mat shrunk;
    cv::resize(aLarger ? a : b, shrunk, small.size(), 0, 0, cv::INTER_AREA);
    // OpenCV's SSIM constants are for 0..255.
    const cv::Scalar ssim = cv::quality::QualitySSIM::compute(small * 255.0, shrunk * 255.0, cv::noArray());
    return (ssim[0] + ssim[1] + ssim[2]) / 3.0;
}

} // namespace brushwork
