// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/regionmasks.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace brushwork::studio::regionmasks {
namespace {

/// How opaque a region's colour is over the picture where it holds the pixel
/// whole: the picture must still show through to paint along its edges.
constexpr double kOpacity = 0.45;

cv::Point onMask(const cv::Mat& mask, QPointF at)
{
    return {int(std::lround(std::clamp(at.x(), 0.0, 1.0) * (mask.cols - 1))),
            int(std::lround(std::clamp(at.y(), 0.0, 1.0) * (mask.rows - 1)))};
}

} // namespace

cv::Mat stroke(const cv::Mat& mask, QPointF from, QPointF to, double radius, float value)
{
    cv::Mat painted = mask.clone();
    const int width = std::max(1, int(std::lround(2 * radius * std::max(mask.cols, mask.rows))));
    cv::line(painted, onMask(mask, from), onMask(mask, to), cv::Scalar(value), width, cv::LINE_8);
    return painted;
}

cv::Mat fill(const cv::Mat& mask, QPointF at)
{
    cv::Mat painted = mask.clone();
    // Anything painted at all bounds the fill, so that an outline of soft
    // strokes holds it.
    cv::Mat bounds;
    cv::threshold(mask, bounds, 0.0, 255.0, cv::THRESH_BINARY);
    bounds.convertTo(bounds, CV_8UC1);
    cv::Mat reached(mask.rows + 2, mask.cols + 2, CV_8UC1, cv::Scalar(0));
    cv::floodFill(bounds, reached, onMask(mask, at), cv::Scalar(255), nullptr, cv::Scalar(0), cv::Scalar(0),
                  4 | cv::FLOODFILL_MASK_ONLY | (255 << 8));
    painted.setTo(cv::Scalar(1.0), reached(cv::Rect(1, 1, mask.cols, mask.rows)));
    return painted;
}

cv::Mat add(const cv::Mat& mask, const cv::Mat& added)
{
    cv::Mat fitted;
    cv::resize(added, fitted, mask.size(), 0, 0, cv::INTER_LINEAR);
    cv::Mat painted;
    cv::max(mask, fitted, painted);
    return painted;
}

QColor colourOf(int index)
{
    static const std::array<QColor, 8> kColours = {QColor(0xe6, 0x19, 0x4b), QColor(0x3c, 0xb4, 0x4b),
                                                   QColor(0x43, 0x63, 0xd8), QColor(0xff, 0xe1, 0x19),
                                                   QColor(0x91, 0x1e, 0xb4), QColor(0x42, 0xd4, 0xf4),
                                                   QColor(0xf5, 0x82, 0x31), QColor(0xf0, 0x32, 0xe6)};
    return kColours[std::size_t(index) % kColours.size()];
}

QImage overlay(const std::vector<brushwork::Region>& regions, QSize size)
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    if (size.isEmpty())
        return image;
    // Premultiplied BGRA, as Format_ARGB32_Premultiplied lies in memory on
    // little-endian machines; each region is laid over the ones before it.
    cv::Mat canvas(size.height(), size.width(), CV_32FC4, cv::Scalar::all(0));
    for (std::size_t r = 0; r < regions.size(); ++r) {
        if (regions[r].mask.empty())
            continue;
        cv::Mat alpha;
        cv::resize(regions[r].mask, alpha, canvas.size(), 0, 0, cv::INTER_AREA);
        alpha = cv::min(cv::max(alpha, 0.0), 1.0) * kOpacity;
        const QColor colour = colourOf(int(r));
        const cv::Scalar colourBgra(colour.blueF(), colour.greenF(), colour.redF(), 1.0);
        cv::Mat alpha4, keep4;
        cv::merge(std::vector<cv::Mat>(4, alpha), alpha4);
        cv::merge(std::vector<cv::Mat>(4, 1.0 - alpha), keep4);
        canvas = canvas.mul(keep4) + alpha4.mul(cv::Mat(canvas.size(), CV_32FC4, colourBgra));
    }
    cv::Mat bytes(canvas.size(), CV_8UC4, image.bits(), image.bytesPerLine());
    canvas.convertTo(bytes, CV_8UC4, 255.0);
    return image;
}

} // namespace brushwork::studio::regionmasks
