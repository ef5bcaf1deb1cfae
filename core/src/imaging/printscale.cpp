// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/printscale.h"

#include "brushwork/error.h"

#include <algorithm>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace brushwork {
namespace {

/// The guided filter's window radius at the painted size, and its
/// regularisation in (0..1 luminance)²: photo detail whose contrast over
/// the window stays below about its square root is not taken as an edge
/// the painting follows.
constexpr int kGuideRadius = 2;
constexpr double kGuideEpsilon = 1e-3;

/// Back-projection rounds: the first leaves the shrunk print about a fifth
/// as far from the preview as it was, each later one about half as far as
/// the round before; after eight, a print of noise is within a third of a
/// grey level of its preview. A round at A3 costs two resizes.
constexpr int kAnchorRounds = 8;

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

/// Wang et al.'s SSIM (11 x 11 Gaussian window, sigma 1.5, K1 0.01, K2 0.03),
/// averaged over the picture and its channels, for pictures in 0..1. The
/// quality module of OpenCV's contrib computes the same, but it would bring
/// all of contrib (Qt 5, Tesseract, HDF5) into the engine-only GPU build.
double meanSsim(const cv::Mat& x, const cv::Mat& y)
{
    // Scalars for all channels: a plain double would be added to the first only.
    const cv::Scalar c1 = cv::Scalar::all(0.01 * 0.01), c2 = cv::Scalar::all(0.03 * 0.03);
    auto blur = [](const cv::Mat& m) {
        cv::Mat out;
        cv::GaussianBlur(m, out, cv::Size(11, 11), 1.5);
        return out;
    };
    cv::Mat x64, y64;
    x.convertTo(x64, CV_64FC3);
    y.convertTo(y64, CV_64FC3);
    const cv::Mat mx = blur(x64), my = blur(y64);
    const cv::Mat mxx = mx.mul(mx), myy = my.mul(my), mxy = mx.mul(my);
    const cv::Mat sxx = blur(x64.mul(x64)) - mxx, syy = blur(y64.mul(y64)) - myy, sxy = blur(x64.mul(y64)) - mxy;
    cv::Mat numerator = (2 * mxy + c1).mul(2 * sxy + c2);
    cv::Mat denominator = (mxx + myy + c1).mul(sxx + syy + c2);
    cv::Mat ssim;
    cv::divide(numerator, denominator, ssim);
    const cv::Scalar mean = cv::mean(ssim);
    return (mean[0] + mean[1] + mean[2]) / 3.0;
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

cv::Mat anchorToPreview(const cv::Mat& print, const cv::Mat& preview)
{
    requirePicture(print, "print");
    requirePicture(preview, "preview");
    if (print.cols <= preview.cols)
        return print.clone();
    cv::Mat anchored = print.clone();
    for (int round = 0; round < kAnchorRounds; ++round) {
        cv::Mat shrunk, correction;
        cv::resize(anchored, shrunk, preview.size(), 0, 0, cv::INTER_AREA);
        cv::resize(preview - shrunk, correction, print.size(), 0, 0, cv::INTER_CUBIC);
        // Kept in 0..1 each round, not once at the end: clipped afterwards,
        // a corrected stroke would no longer shrink to its preview.
        anchored = cv::max(cv::min(anchored + correction, 1.0), 0.0);
    }
    return anchored;
}

double structuralSimilarity(const cv::Mat& a, const cv::Mat& b)
{
    requirePicture(a, "picture");
    requirePicture(b, "picture");
    const bool aLarger = a.total() > b.total();
    const cv::Mat& small = aLarger ? b : a;
    cv::Mat shrunk;
    cv::resize(aLarger ? a : b, shrunk, small.size(), 0, 0, cv::INTER_AREA);
    return meanSsim(small, shrunk);
}

} // namespace brushwork
