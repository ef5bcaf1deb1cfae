// SPDX-License-Identifier: GPL-3.0-or-later
// Regions (params.h: Region) as one objective applies them: each region's
// share of every pixel of its canvas, and those shares brought down to each
// style layer's grid (Gatys et al. 2017's guides).
#pragma once

#include "brushwork/params.h"
#include "networks/featurenetwork.h"
#include "optimize/losses.h"

#include <torch/torch.h>

#include <map>
#include <utility>
#include <vector>

namespace brushwork {

/// Where an objective's canvas lies in the picture the regions' masks
/// cover, and what lies past its edges.
struct CanvasFrame {
    cv::Size whole;   ///< the scale's picture; empty: the canvas is the whole picture, without margin
    cv::Rect area;    ///< the part of it painted (a tile, or all of it)
    int margin = 0;   ///< the mirrored margin around that part (Canvas)
    Edges edges = Edges::Zero; ///< Wrap: the canvas is the whole picture, as a torus
};

/// The blend of all paintings, as a guide's painting.
inline constexpr int kBlendOfPaintings = -1;

/// Throws Error(Usage) naming the region for a painting that is not one of
/// `styleCount`, a strength that is not a finite number >= 0 or a mask
/// that is not CV_32FC1: what a region must be wherever it comes from
/// (a job, or the studio's live edits). With the `photo`'s size, also
/// checkRegionMask (Error(BadInput)).
void checkRegions(const std::vector<Region>& regions, std::size_t styleCount, cv::Size photo = {});

class RegionGuides {
public:
    struct Guide {
        int painting = kBlendOfPaintings; ///< whose Grams its positions aim for
        float strength = 1.0f;
        torch::Tensor share; ///< [1,1,H,W] over the canvas, 0..1
    };
    /// The guides with any positions in one layer.
    struct AtLayer {
        GuideLayout layout;
        std::vector<std::size_t> guides; ///< per span of the layout: its index into guides()
        std::vector<double> masses;      ///< per span: the guide's share of the layer's positions, 0..1
    };

    RegionGuides() = default;
    /// Throws as checkRegions.
    RegionGuides(const std::vector<Region>& regions, std::size_t styleCount, const CanvasFrame& frame,
                 cv::Size canvas, torch::Device device);

    /// False without regions: every position aims for the blend, as one plain Gram.
    bool active() const { return !mGuides.empty(); }
    const std::vector<Guide>& guides() const { return mGuides; }
    /// [1,1,H,W]: how strongly each pixel keeps the photo; undefined where no region does.
    const torch::Tensor& keep() const { return mKeep; }
    /// The guides with any positions in a `height`×`width` layer (made once per size).
    const AtLayer& atLayer(std::int64_t height, std::int64_t width) const;

    /// Whether `a` and `b` are the same regions: the same masks (by their
    /// pixels' memory, see Region::mask), paintings and strengths.
    static bool same(const std::vector<Region>& a, const std::vector<Region>& b);

private:
    std::vector<Guide> mGuides;
    torch::Tensor mKeep;
    mutable std::map<std::pair<std::int64_t, std::int64_t>, AtLayer> mLayers;
};

} // namespace brushwork
