// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/instantstyle.h"
#include "brushwork/regionmask.h"
#include "brushwork/torus.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <map>
#include <optional>
#include <utility>

namespace brushwork {
namespace {

/// Feathering: the shares' edges are blurred over this fraction of the
/// picture's long side, so painted regions meet without a hard seam.
constexpr double kFeather = 0.01;

/// `share` blurred over `sigma` pixels; on a torus (`seamless`) the blur
/// reads round the edges, so a region that meets the opposite edge is
/// feathered there as it is inside.
cv::Mat feathered(const cv::Mat& share, double sigma, bool seamless)
{
    cv::Mat blurred;
    if (!seamless) {
        cv::GaussianBlur(share, blurred, cv::Size(), sigma);
        return blurred;
    }
    // As far as GaussianBlur's own kernel reaches (4 sigma for float pictures).
    const int reach = int(std::ceil(4 * sigma)) + 1;
    cv::Mat wrapped;
    cv::copyMakeBorder(share, wrapped, reach, reach, reach, reach, cv::BORDER_WRAP);
    cv::GaussianBlur(wrapped, blurred, cv::Size(), sigma);
    return blurred(cv::Rect(reach, reach, share.cols, share.rows)).clone();
}

/// Where each pixel's share goes: a painting at a strength, or the photo.
using Style = std::pair<int, float>;
constexpr int kBlend = -2;

} // namespace

cv::Mat paintRegions(const InstantStyle& network, const cv::Mat& givenPhoto, const std::vector<StyleVector>& paintings,
                     const StyleVector& blended, const std::vector<Region>& regions, bool seamless)
{
    const cv::Mat photo = seamless ? tileable(givenPhoto) : givenPhoto;
    if (regions.empty())
        return network.paint(photo, blended, seamless);
    std::vector<cv::Mat> shares = regionShares(regions, photo.size());
    const double sigma = std::max(1.0, kFeather * std::max(photo.cols, photo.rows));
    cv::Mat total(photo.size(), CV_32FC1, cv::Scalar(0));
    for (cv::Mat& share : shares) {
        share = feathered(share, sigma, seamless);
        total += share;
    }
    // Each distinct style's share, after the blur, of every pixel.
    std::map<Style, cv::Mat> byStyle;
    for (std::size_t r = 0; r <= regions.size(); ++r) {
        const Style style = r == regions.size() ? Style{kBlend, 1.0f}
                            : regions[r].painting == Region::kKeepPhoto
                                ? Style{Region::kKeepPhoto, 1.0f}
                                : Style{regions[r].painting, regions[r].strength};
        cv::Mat share = shares[r] / total;
        auto found = byStyle.find(style);
        if (found == byStyle.end())
            byStyle.emplace(style, share);
        else
            found->second += share;
    }
    std::optional<StyleVector> photoStyle;
    cv::Mat result(photo.size(), CV_32FC3, cv::Scalar::all(0));
    for (const auto& [style, share] : byStyle) {
        double most = 0;
        cv::minMaxLoc(share, nullptr, &most);
        if (most <= 0)
            continue;
        cv::Mat painted;
        if (style.first == Region::kKeepPhoto) {
            painted = photo;
        } else if (style.first == kBlend) {
            painted = network.paint(photo, blended, seamless);
        } else if (style.second < 1.0f) {
            if (!photoStyle)
                photoStyle = network.styleOf(photo);
            painted = network.paint(photo, withStrength(paintings[std::size_t(style.first)], *photoStyle, style.second),
                                    seamless);
        } else {
            painted = network.paint(photo, paintings[std::size_t(style.first)], seamless);
        }
        cv::Mat share3;
        cv::merge(std::vector<cv::Mat>(3, share), share3);
        result += painted.mul(share3);
    }
    return result;
}

} // namespace brushwork
