// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/printscale.h"

#include "brushwork/error.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <opencv2/quality/qualityssim.hpp>
#include <opencv2/ximgproc/edge_filter.hpp>

namespace brushwork {
namespace {

/// The guided filter's regularisation, in (0..1 units)²: photo edges whose
/// contrast stays below about its square root (a tenth of the range) over
/// the filter's window leave the painted picture alone, so the photo's fine
/// texture does not come back over the strokes.
constexpr double kGuidedEpsilon = 0.01;

void requirePicture(const cv::Mat& picture, const char* what)
{
    if (picture.empty() || picture.type() != CV_32FC3)
        throw Error(ErrorKind::Usage, {}, std::string("there is no ") + what + " to compare or enlarge");
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
    // The window spans what one painted pixel became, and a little more:
    // smaller, the enlargement's blur stays; larger, strokes are smoothed.
    const double factor = double(photo.cols) / painted.cols;
    const int radius = std::max(1, int(std::ceil(factor)));
    cv::Mat guided;
    cv::ximgproc::guidedFilter(photo, enlarged, guided, radius, kGuidedEpsilon);
    return cv::max(cv::min(guided, 1.0), 0.0);
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
