// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/colour.h"

#include <opencv2/imgproc.hpp>

namespace brushwork {
namespace {

// Keeps the inverse square root finite for flat (zero-variance) pictures.
constexpr double kVarianceFloor = 1e-5;

struct ColourStatistics {
    cv::Mat mean;       ///< 1x3, CV_64F
    cv::Mat covariance; ///< 3x3, CV_64F
};

ColourStatistics statisticsOf(const cv::Mat& rgb)
{
    ColourStatistics s;
    cv::calcCovarMatrix(rgb.reshape(1, int(rgb.total())), s.covariance, s.mean,
                        cv::COVAR_NORMAL | cv::COVAR_ROWS | cv::COVAR_SCALE, CV_64F);
    return s;
}

/// C^p for a symmetric positive semi-definite C, through its eigenvectors.
cv::Mat symmetricPower(const cv::Mat& c, double power)
{
    cv::Mat values, vectors;
    cv::eigen(c, values, vectors);
    cv::Mat scaled = cv::Mat::zeros(3, 3, CV_64F);
    for (int i = 0; i < 3; ++i)
        scaled.at<double>(i, i) = std::pow(std::max(values.at<double>(i), kVarianceFloor), power);
    return vectors.t() * scaled * vectors;
}

} // namespace

cv::Mat matchColourStatistics(const cv::Mat& style, const cv::Mat& content)
{
    const ColourStatistics s = statisticsOf(style);
    const ColourStatistics c = statisticsOf(content);
    // x' = A (x - mu_s) + mu_c with A = Cc^1/2 Cs^-1/2 gives x' the content's
    // mean and covariance (Gatys et al. 2016, "Preserving Color").
    const cv::Mat a = symmetricPower(c.covariance, 0.5) * symmetricPower(s.covariance, -0.5);
    cv::Mat transform(3, 4, CV_64F);
    a.copyTo(transform(cv::Rect(0, 0, 3, 3)));
    cv::Mat offset = c.mean.t() - a * s.mean.t();
    offset.copyTo(transform(cv::Rect(3, 0, 1, 3)));
    cv::Mat matched;
    cv::transform(style, matched, transform);
    return cv::max(cv::min(matched, 1.0), 0.0);
}

cv::Mat keepContentChroma(const cv::Mat& stylized, const cv::Mat& content)
{
    cv::Mat source = content;
    if (content.size() != stylized.size())
        cv::resize(content, source, stylized.size(), 0, 0,
                   content.cols > stylized.cols ? cv::INTER_AREA : cv::INTER_CUBIC);
    cv::Mat stylizedYcc, contentYcc;
    cv::cvtColor(stylized, stylizedYcc, cv::COLOR_RGB2YCrCb);
    cv::cvtColor(source, contentYcc, cv::COLOR_RGB2YCrCb);
    std::vector<cv::Mat> planes;
    cv::split(contentYcc, planes);
    cv::extractChannel(stylizedYcc, planes[0], 0);
    cv::Mat merged, rgb;
    cv::merge(planes, merged);
    cv::cvtColor(merged, rgb, cv::COLOR_YCrCb2RGB);
    return cv::max(cv::min(rgb, 1.0), 0.0);
}

} // namespace brushwork
