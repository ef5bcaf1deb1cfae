// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/torus.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace brushwork {
namespace {

/// How much of the picture itself each of `side` pixels keeps: 1 in the
/// middle, falling smoothly to 0 at the seam (between the last pixel and
/// the first).
std::vector<float> keptShares(int side)
{
    const double band = std::max(1.0, kTileableBand * side);
    std::vector<float> shares(std::size_t(side), 1.0f);
    for (int i = 0; i < side; ++i) {
        const double fromSeam = std::min(i + 0.5, side - i - 0.5);
        const double t = std::min(1.0, fromSeam / band);
        shares[std::size_t(i)] = float(t * t * (3.0 - 2.0 * t));
    }
    return shares;
}

/// `rgb` with its columns rolled by half the width.
cv::Mat rolledColumns(const cv::Mat& rgb)
{
    const int half = rgb.cols / 2;
    if (half == 0)
        return rgb.clone();
    cv::Mat rolled;
    cv::hconcat(rgb.colRange(half, rgb.cols), rgb.colRange(0, half), rolled);
    return rolled;
}

/// Left and right edges made to meet; the picture's rows as they were.
cv::Mat tileableColumns(const cv::Mat& rgb)
{
    const cv::Mat rolled = rolledColumns(rgb);
    const std::vector<float> shares = keptShares(rgb.cols);
    cv::Mat out(rgb.size(), rgb.type());
    const int channels = rgb.channels();
    for (int y = 0; y < rgb.rows; ++y) {
        const float* own = rgb.ptr<float>(y);
        const float* other = rolled.ptr<float>(y);
        float* to = out.ptr<float>(y);
        for (int x = 0; x < rgb.cols; ++x)
            for (int c = 0; c < channels; ++c) {
                const int i = x * channels + c;
                to[i] = shares[std::size_t(x)] * own[i] + (1.0f - shares[std::size_t(x)]) * other[i];
            }
    }
    return out;
}

} // namespace

cv::Mat resizeWrapped(const cv::Mat& rgb, cv::Size size)
{
    if (size == rgb.size())
        return rgb.clone();
    cv::Mat resized;
    if (size.width <= rgb.cols && size.height <= rgb.rows) {
        cv::resize(rgb, resized, size, 0, 0, cv::INTER_AREA);
        return resized;
    }
    // cv::resize's own mapping (pixel centres lined up), read round the edges.
    cv::Mat mapX(size, CV_32FC1);
    cv::Mat mapY(size, CV_32FC1);
    const float scaleX = float(rgb.cols) / float(size.width);
    const float scaleY = float(rgb.rows) / float(size.height);
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x) {
            mapX.at<float>(y, x) = (float(x) + 0.5f) * scaleX - 0.5f;
            mapY.at<float>(y, x) = (float(y) + 0.5f) * scaleY - 0.5f;
        }
    cv::remap(rgb, resized, mapX, mapY, cv::INTER_CUBIC, cv::BORDER_WRAP);
    return resized;
}

cv::Mat tileable(const cv::Mat& rgb)
{
    if (rgb.empty())
        return rgb.clone();
    cv::Mat unit;
    rgb.convertTo(unit, CV_MAKETYPE(CV_32F, rgb.channels()));
    // Rows after columns: rolling the rows keeps each row's ends meeting.
    return tileableColumns(tileableColumns(unit).t()).t();
}

} // namespace brushwork
