// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/regionmask.h"

#include "brushwork/error.h"
#include "brushwork/image.h"

#include <cmath>
#include <opencv2/imgproc.hpp>

namespace brushwork {
namespace {

std::string sizeText(cv::Size size)
{
    return std::to_string(size.width) + " × " + std::to_string(size.height);
}

} // namespace

cv::Mat loadRegionMask(const std::string& path, cv::Size photo)
{
    const cv::Mat rgb = loadImage(path);
    cv::Mat grey;
    cv::cvtColor(rgb, grey, cv::COLOR_RGB2GRAY);
    checkRegionMask(grey, photo, path);
    return grey;
}

void checkRegionMask(const cv::Mat& mask, cv::Size photo, const std::string& name)
{
    const double maskAspect = double(mask.cols) / mask.rows;
    const double photoAspect = double(photo.width) / photo.height;
    if (std::abs(maskAspect / photoAspect - 1.0) > kMaskAspectTolerance)
        throw Error(ErrorKind::BadInput, name,
                    "the mask is " + sizeText(mask.size()) + " pixels, a different shape from the photo's " +
                        sizeText(photo),
                    "Paint the mask over the photo itself, or scale it to the photo's shape");
    double brightest = 0;
    cv::minMaxLoc(mask, nullptr, &brightest);
    if (!(brightest > 0))
        throw Error(ErrorKind::BadInput, name, "the mask is all black, so its region has no pixels",
                    "Paint the region white in the mask (grey for a soft edge)");
}

std::vector<cv::Mat> regionShares(const std::vector<Region>& regions, cv::Size size)
{
    std::vector<cv::Mat> shares;
    cv::Mat total(size, CV_32FC1, cv::Scalar(0));
    for (const Region& region : regions) {
        cv::Mat share;
        cv::resize(region.mask, share, size, 0, 0, cv::INTER_AREA);
        share = cv::min(cv::max(share, 0.0), 1.0);
        total += share;
        shares.push_back(share);
    }
    const cv::Mat scale = 1.0 / cv::max(total, 1.0);
    for (cv::Mat& share : shares)
        share = share.mul(scale);
    shares.push_back(1.0 - cv::min(total, 1.0));
    return shares;
}

} // namespace brushwork
