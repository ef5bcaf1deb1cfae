// SPDX-License-Identifier: GPL-3.0-or-later
#include "optimize/tiledrenderer.h"

#include "optimize/canvas.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace brushwork {
namespace {

/// How many spans of at most `span` pixels, overlapping by `overlap`, cover `length`.
int spanCount(int length, int span, int overlap)
{
    if (span >= length)
        return 1;
    return int(std::ceil(double(length - overlap) / double(span - overlap)));
}

/// The shortest span with which `count` spans cover `length` overlapping by
/// at least `overlap` (their starts rounded, neighbours are still at most
/// span - overlap apart).
/// Square tiles as large as memory allows would cover an A3 print four
/// times over: 2 × 2 tiles of 3312 px for 4961 × 3430 is 2.6 times the
/// pixels; fitted, 1.45 times.
int fittedSpan(int length, int count, int overlap)
{
    if (count == 1)
        return length;
    return std::min(length, (length + (count - 1) * overlap + count - 1) / count);
}

/// Start positions of `count` spans of `span` pixels spread evenly over `length`.
std::vector<int> spread(int length, int span, int count)
{
    std::vector<int> starts;
    for (int i = 0; i < count; ++i)
        starts.push_back(int(std::lround(double(i) * (length - span) / std::max(1, count - 1))));
    return starts;
}

/// 1 inside; at a side with a neighbour, 0 for the outer quarter of the
/// overlap and a linear ramp over the rest. The network sees a tile's edge
/// pixels without their surroundings, so those are left to the neighbour,
/// for which they lie well inside.
torch::Tensor ramp(int start, int span, int length, int overlap)
{
    const float dead = float(overlap / 4);
    const float rampWidth = float(overlap) - dead;
    torch::Tensor weights = torch::ones({span});
    auto w = weights.accessor<float, 1>();
    for (int i = 0; i < span; ++i) {
        float value = 1.0f;
        if (start > 0)
            value = std::min(value, (i + 0.5f - dead) / rampWidth);
        if (start + span < length)
            value = std::min(value, (span - i - 0.5f - dead) / rampWidth);
        w[i] = std::clamp(value, 0.0f, 1.0f);
    }
    return weights;
}

} // namespace

int tileOverlap(int tileSide)
{
    // At least two positions of the deepest style layers (a stride of 16):
    // overlapping by 16 px, the two 56 px tiles of a 96 px picture ended 1.8
    // times further from the style than the whole picture (tst_tiling).
    return std::max(32, tileSide / 4);
}

std::vector<TileRect> planTiles(int width, int height, int tileSide)
{
    const int overlap = tileOverlap(tileSide);
    const int columns = spanCount(width, tileSide, overlap);
    const int rows = spanCount(height, tileSide, overlap);
    const int tileWidth = fittedSpan(width, columns, overlap);
    const int tileHeight = fittedSpan(height, rows, overlap);
    std::vector<TileRect> tiles;
    for (int y : spread(height, tileHeight, rows))
        for (int x : spread(width, tileWidth, columns))
            tiles.push_back({x, y, tileWidth, tileHeight});
    return tiles;
}

torch::Tensor featherMask(const TileRect& tile, int width, int height, int overlap)
{
    const torch::Tensor rows = ramp(tile.y, tile.height, height, overlap);
    const torch::Tensor columns = ramp(tile.x, tile.width, width, overlap);
    return torch::outer(rows, columns).reshape({1, 1, tile.height, tile.width});
}

SweepPlan planSweeps(int iterations)
{
    // Several passes let tiles settle against their neighbours' changes; a
    // visit of fewer than ~25 evaluations wastes L-BFGS's warm-up.
    SweepPlan plan;
    plan.sweeps = std::clamp(iterations / 25, 1, 4);
    plan.perVisit = std::max(1, (iterations + plan.sweeps - 1) / plan.sweeps);
    return plan;
}

torch::Tensor optimizeTiled(const TiledScale& scale, torch::Tensor picture, const torch::Tensor& content,
                            int iterations, RunState& state,
                            const std::function<void(const torch::Tensor& picture)>& onTileDone)
{
    const int width = int(picture.size(3));
    const int height = int(picture.size(2));
    const std::vector<TileRect> tiles = planTiles(width, height, scale.tileSide);
    const int overlap = tileOverlap(scale.tileSide);
    const SweepPlan sweeps = planSweeps(iterations);
    const torch::Device device = scale.compute.device;
    Progress& progress = state.progress;
    const int base = progress.iteration;
    progress.tileCount = int(tiles.size());
    progress.sweepCount = sweeps.sweeps;

    for (int sweep = 0; sweep < sweeps.sweeps && !state.cancelled; ++sweep) {
        for (std::size_t t = 0; t < tiles.size() && !state.cancelled; ++t) {
            const TileRect& tile = tiles[t];
            auto region = [&](const torch::Tensor& whole) {
                return whole.narrow(2, tile.y, tile.height).narrow(3, tile.x, tile.width);
            };
            progress.tile = int(t);
            progress.sweep = sweep;
            const Canvas canvas(scale.network.edgeMargin(), tile.width, tile.height);
            std::optional<StyleObjective> objective;
            try {
                objective.emplace(scale.network, scale.compute, scale.layers, scale.params.pooling,
                                  canvas.extend(region(content).to(device)), scale.styleTargets,
                                  [&state] { return state.control.cancelRequested(); },
                                  CanvasFrame{{width, height}, {tile.x, tile.y, tile.width, tile.height}, canvas.margin()});
            } catch (const ForwardCancelled&) {
                state.cancelled = true;
                break;
            }
            const torch::Tensor image = canvas.extend(region(picture).to(device)).detach().clone().requires_grad_(true);
            const int visit = sweep * int(tiles.size()) + int(t);
            const torch::Tensor best = optimizePicture(*objective, image, sweeps.perVisit, scale.params, state, [&](int i) {
                // Progress counts whole-picture iterations: one per step of every tile.
                progress.iteration = base + (visit * sweeps.perVisit + i + 1) / int(tiles.size());
                if (state.callbacks.onProgress)
                    state.callbacks.onProgress(progress);
            });
            const torch::Tensor mask = featherMask(tile, width, height, overlap);
            const torch::Tensor result = canvas.crop(best).to(torch::kCPU);
            torch::Tensor target = region(picture);
            target.copy_(target * (1 - mask) + result * mask);
            onTileDone(picture);
        }
    }
    progress.tileCount = 0;
    progress.sweepCount = 0;
    return picture;
}

} // namespace brushwork
