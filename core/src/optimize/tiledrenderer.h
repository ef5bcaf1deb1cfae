// SPDX-License-Identifier: GPL-3.0-or-later
// Optimizing a picture too large for memory: overlapping tiles, each against
// the whole style's Grams, blended back with feathered edges.
#pragma once

#include "networks/featurenetwork.h"
#include "optimize/pictureoptimizer.h"
#include "optimize/precision.h"
#include "optimize/styleobjective.h"

#include <torch/torch.h>

#include <functional>
#include <vector>

namespace brushwork {

struct TileRect {
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;
};

/// Neighbouring tiles share this many pixels: enough for the blend to hide
/// the seam and for deep layers to see across it.
int tileOverlap(int tileSide);

/// As few tiles of at most tileSide×tileSide as cover width×height with
/// neighbours overlapping by at least tileOverlap(tileSide), each no larger
/// than that needs, spread evenly. Row-major.
std::vector<TileRect> planTiles(int width, int height, int tileSide);

/// [1,1,h,w] blend weights of `tile`: 1 inside, falling linearly to 0
/// across `overlap` pixels on each side that has a neighbour (reaching 0 a
/// quarter overlap before the edge).
torch::Tensor featherMask(const TileRect& tile, int width, int height, int overlap);

struct TiledScale {
    const FeatureNetwork& network;
    const Compute& compute;
    const LayerPlan& layers;
    const StyleParams& params;
    const StyleTargets& styleTargets; ///< of the whole style pictures at this scale
    int tileSide = 0;
};

/// How many passes over all tiles, and evaluations per tile and pass, a
/// scale of `iterations` gets: every tile gets about `iterations` in all.
struct SweepPlan {
    int sweeps = 1;
    int perVisit = 1;
};
SweepPlan planSweeps(int iterations);

/// Optimizes `picture` ([1,3,H,W] float32 on the CPU) against `content`
/// (same size), tile after tile for planSweeps(iterations).sweeps passes, and
/// returns it. Tiles go to the network's device one at a time.
/// `onTileDone(picture)` follows each tile. Stops early on cancel.
torch::Tensor optimizeTiled(const TiledScale& scale, torch::Tensor picture, const torch::Tensor& content,
                            int iterations, RunState& state,
                            const std::function<void(const torch::Tensor& picture)>& onTileDone);

} // namespace brushwork
