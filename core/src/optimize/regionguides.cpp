// SPDX-License-Identifier: GPL-3.0-or-later
#include "optimize/regionguides.h"

#include "brushwork/error.h"
#include "brushwork/regionmask.h"

#include <cmath>

namespace brushwork {
namespace {

// Positions where a guide's weight is below this are left out of its Gram:
// they would cost a row each for next to nothing.
constexpr float kLeastWeight = 1e-3f;

/// `share` (CV_32FC1 over the whole picture) cut to the frame's area and
/// given its margin, as a [1,1,H,W] tensor on `device`.
torch::Tensor onCanvas(const cv::Mat& share, const CanvasFrame& frame, torch::Device device)
{
    const cv::Mat area = share(frame.area).clone();
    torch::Tensor tensor = torch::from_blob(area.data, {1, 1, area.rows, area.cols}, torch::kFloat32).clone();
    if (frame.margin > 0)
        tensor = torch::reflection_pad2d(tensor, {frame.margin, frame.margin, frame.margin, frame.margin});
    return tensor.to(device);
}

} // namespace

void checkRegions(const std::vector<Region>& regions, std::size_t styleCount, cv::Size photo)
{
    for (std::size_t r = 0; r < regions.size(); ++r) {
        const Region& region = regions[r];
        const std::string name = "region " + std::to_string(r + 1);
        if (region.painting != Region::kKeepPhoto && (region.painting < 0 || std::size_t(region.painting) >= styleCount))
            throw Error(ErrorKind::Usage, name,
                        "the region names painting " + std::to_string(region.painting + 1) + ", but there are " +
                            std::to_string(styleCount),
                        "Number the paintings from 1, in the order they are given");
        if (!(std::isfinite(region.strength) && region.strength >= 0))
            throw Error(ErrorKind::Usage, name, "a region's strength must be a finite number of at least 0");
        if (region.mask.empty() || region.mask.type() != CV_32FC1)
            throw Error(ErrorKind::Usage, name, "the region's mask is not a picture of grey levels");
        if (!photo.empty())
            checkRegionMask(region.mask, photo, name);
    }
}

RegionGuides::RegionGuides(const std::vector<Region>& regions, std::size_t styleCount, const CanvasFrame& given,
                           cv::Size canvas, torch::Device device)
{
    checkRegions(regions, styleCount);
    if (regions.empty())
        return;
    CanvasFrame frame = given;
    if (frame.whole.empty())
        frame = {canvas, cv::Rect({0, 0}, canvas), 0, frame.edges};
    const std::vector<cv::Mat> shares = regionShares(regions, frame.whole);
    cv::Mat keep(frame.whole, CV_32FC1, cv::Scalar(0));
    for (std::size_t r = 0; r < regions.size(); ++r) {
        if (regions[r].painting == Region::kKeepPhoto)
            keep += shares[r] * regions[r].strength;
        else
            mGuides.push_back({regions[r].painting, regions[r].strength, onCanvas(shares[r], frame, device)});
    }
    mGuides.push_back({kBlendOfPaintings, 1.0f, onCanvas(shares.back(), frame, device)});
    double kept = 0;
    cv::minMaxLoc(keep(frame.area), nullptr, &kept);
    if (kept > 0)
        mKeep = onCanvas(keep, frame, device);
}

const RegionGuides::AtLayer& RegionGuides::atLayer(std::int64_t height, std::int64_t width) const
{
    const auto found = mLayers.find({height, width});
    if (found != mLayers.end())
        return found->second;
    torch::NoGradGuard noGrad;
    AtLayer layer;
    std::vector<GuideRows> rows;
    for (std::size_t g = 0; g < mGuides.size(); ++g) {
        const torch::Tensor weights = torch::adaptive_avg_pool2d(mGuides[g].share, {height, width}).flatten();
        // The rows of weight 1 first (see GuideRows::whole).
        const torch::Tensor whole = torch::nonzero(weights == 1).flatten();
        const torch::Tensor positions =
            torch::cat({whole, torch::nonzero((weights >= kLeastWeight).logical_and(weights != 1)).flatten()});
        if (positions.numel() == 0)
            continue;
        const torch::Tensor kept = weights.index_select(0, positions);
        rows.push_back({positions, kept, kept.pow(2).sum().item<double>(), whole.numel()});
        layer.guides.push_back(g);
        layer.masses.push_back(weights.sum().item<double>() / double(height * width));
    }
    layer.layout = layOutGuides(rows, height * width);
    return mLayers.emplace(std::make_pair(height, width), std::move(layer)).first->second;
}

bool RegionGuides::same(const std::vector<Region>& a, const std::vector<Region>& b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].painting != b[i].painting || a[i].strength != b[i].strength || a[i].mask.data != b[i].mask.data ||
            a[i].mask.size() != b[i].mask.size())
            return false;
    return true;
}

} // namespace brushwork
