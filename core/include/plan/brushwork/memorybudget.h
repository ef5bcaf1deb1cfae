// SPDX-License-Identifier: GPL-3.0-or-later
// How much memory a run needs, how much it may take, and when it must tile.
#pragma once

#include "brushwork/params.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace brushwork {

/// "6G", "6GB", "512M", "1.5g", "2000000000" (bytes). Throws Error(Usage).
std::uint64_t parseByteSize(const std::string& text);

/// "1.4 GB", "512 MB": for messages.
std::string formatBytes(std::uint64_t bytes);

/// Memory the run may use when the user sets none: most of what the system
/// reports free now (MemAvailable), or the GPU's free memory on CUDA.
std::uint64_t defaultMemoryBudget(bool cuda);

/// Bytes a picture of `pixels` takes as the engine holds it (float RGB).
constexpr std::uint64_t kPictureBytesPerPixel = 3 * 4;

/// What loading pictures of these sizes at full size, one after another,
/// takes at most: each held as float RGB, and on the way the largest one's
/// file, decoded pixels and conversion copies.
std::uint64_t loadedPicturesBytes(const std::vector<cv::Size>& sizes);

/// Refuses work that needs more than `budget` before any of it is allocated:
/// Error(Resource, Remedy::AllowMoreMemory) saying what needs how much and
/// how much may be used. `what` reads "painting 2048×1536 px".
void requireMemory(const std::string& what, std::uint64_t bytes, std::uint64_t budget);

/// Tiles smaller than this are mostly overlap and paint poorly.
constexpr int kMinimumTileSide = 128;

struct MemoryPlan {
    std::uint64_t untiledBytes = 0; ///< optimizing the whole picture at once
    std::uint64_t tiledBytes = 0;   ///< with `tileSide` tiles (= untiledBytes when untiled)
    std::uint64_t budget = 0;
    int tileSide = 0;               ///< 0: untiled; else tiles of this side, overlap included
};

/// Plans one scale of width×height for `network` (Vgg19 or SqueezeNet)
/// within `budget` bytes: untiled when it fits (and params.tileSide does not
/// ask for tiles), else the largest tiles that fit. Throws Error(Resource)
/// with the estimate when even the smallest tiles would not fit.
/// `halfPrecision`: the network's activations are 16-bit.
MemoryPlan planMemory(NetworkKind network, bool halfPrecision, const StyleParams& params, int width, int height,
                      std::uint64_t budget);

/// Plans the style targets of one scale: `largestStylePixels` is the largest
/// style picture at that scale, `allStylePixels` all of them together (kept
/// in memory while the targets are made), `fixedBytes` what the scale itself
/// holds. Returns 0 when the largest style picture fits in one forward pass,
/// else the tile side its targets are made with. Throws Error(Resource) with
/// the estimate when even the smallest tiles would not fit.
int planStyleTargets(NetworkKind network, bool halfPrecision, double largestStylePixels, double allStylePixels,
                     std::uint64_t fixedBytes, std::uint64_t budget);

/// Making the style targets in one pass per painting: the paintings at the
/// style scale (`allStylePixels` together) and the forward pass over the
/// largest of them.
std::uint64_t styleTargetBytes(NetworkKind network, bool halfPrecision, double largestStylePixels,
                               double allStylePixels);

/// One evaluation at width×height without tiles must fit in `budget` (bench
/// measures exactly that); throws Error(Resource) with the estimate otherwise.
void requireUntiledFits(NetworkKind network, bool halfPrecision, const StyleParams& params, int width, int height,
                        std::uint64_t budget);

} // namespace brushwork
