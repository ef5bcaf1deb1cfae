// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/memorybudget.h"

#include "brushwork/error.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <dlfcn.h>
#include <fstream>
#include <sstream>

namespace brushwork {
namespace {

/// Peak bytes per input pixel of one evaluation (forward, Grams, backward)
/// in float32, measured as the slope of peak RSS between 384 and 768 px runs
/// of `brushwork-cli bench` on this project's CPU build.
double activationBytesPerPixel(NetworkKind network)
{
    return network == NetworkKind::SqueezeNet ? 1600.0 : 3700.0;
}

/// Everything else the optimizer keeps per pixel: L-BFGS's two vectors per
/// correction and about ten picture-sized copies (picture, gradient, best,
/// content, frames), 3 float channels each.
double optimizerBytesPerPixel(const StyleParams& params)
{
    const int vectors = params.optimizer == OptimizerKind::Lbfgs ? 2 * params.lbfgsHistory : 2;
    return (vectors + 10) * 3 * 4.0;
}

/// Per pixel of the whole picture while tiles are optimized: the picture,
/// the content, the style pictures and the copies made for frames.
constexpr double kTiledPictureBytesPerPixel = 8 * 3 * 4.0;

std::uint64_t evaluationBytes(NetworkKind network, bool halfPrecision, const StyleParams& params, double pixels)
{
    const double activations = activationBytesPerPixel(network) * (halfPrecision ? 0.55 : 1.0);
    return std::uint64_t((activations + optimizerBytesPerPixel(params)) * pixels);
}

std::uint64_t tiledBytes(NetworkKind network, bool halfPrecision, const StyleParams& params, int width, int height,
                         int tileSide)
{
    const double tilePixels = double(std::min(tileSide, width)) * std::min(tileSide, height);
    return evaluationBytes(network, halfPrecision, params, tilePixels) +
           std::uint64_t(kTiledPictureBytesPerPixel * double(width) * height);
}

std::uint64_t cudaFreeBytes()
{
    // LibTorch has loaded the CUDA runtime when it found a GPU; asking it
    // directly avoids building against CUDA's headers.
    for (const char* name : {"libcudart.so", "libcudart.so.12", "libcudart.so.11.0"}) {
        void* runtime = dlopen(name, RTLD_NOW | RTLD_NOLOAD);
        if (!runtime)
            continue;
        using MemGetInfo = int (*)(std::size_t*, std::size_t*);
        auto memGetInfo = reinterpret_cast<MemGetInfo>(dlsym(runtime, "cudaMemGetInfo"));
        std::size_t freeBytes = 0;
        std::size_t total = 0;
        const bool ok = memGetInfo && memGetInfo(&freeBytes, &total) == 0;
        dlclose(runtime);
        if (ok)
            return freeBytes;
    }
    return 8ull << 30; // a common GPU's memory, when the runtime cannot be asked
}

} // namespace

std::uint64_t parseByteSize(const std::string& text)
{
    std::string compact;
    for (char c : text)
        if (!std::isspace(static_cast<unsigned char>(c)))
            compact += char(std::toupper(static_cast<unsigned char>(c)));
    if (!compact.empty() && compact.back() == 'B')
        compact.pop_back();
    double multiplier = 1;
    if (!compact.empty() && std::string("KMGT").find(compact.back()) != std::string::npos) {
        multiplier = std::pow(1024.0, double(std::string("KMGT").find(compact.back()) + 1));
        compact.pop_back();
    }
    std::istringstream in(compact);
    double value = 0;
    in >> value;
    if (compact.empty() || !in.eof() || in.fail() || !(value > 0) || value * multiplier > 1e15)
        throw Error(ErrorKind::Usage, {}, "\"" + text + "\" is not a memory size", "Write it like 6G, 512M or 1.5G");
    return std::uint64_t(value * multiplier);
}

std::string formatBytes(std::uint64_t bytes)
{
    char text[32];
    if (bytes >= (1ull << 30))
        std::snprintf(text, sizeof text, "%.1f GB", double(bytes) / double(1ull << 30));
    else
        std::snprintf(text, sizeof text, "%.0f MB", double(bytes) / double(1ull << 20));
    return text;
}

std::uint64_t defaultMemoryBudget(bool cuda)
{
    if (cuda)
        return cudaFreeBytes() * 9 / 10;
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    std::uint64_t kilobytes = 0;
    std::string unit;
    while (meminfo >> key >> kilobytes >> unit)
        if (key == "MemAvailable:")
            return kilobytes * 1024 * 8 / 10; // leave room for the rest of the desktop
    return 4ull << 30;
}

std::uint64_t loadedPicturesBytes(const std::vector<cv::Size>& sizes)
{
    std::uint64_t held = 0;
    std::uint64_t largest = 0;
    for (const cv::Size& size : sizes) {
        const std::uint64_t pixels = std::uint64_t(size.width) * std::uint64_t(size.height);
        held += pixels * kPictureBytesPerPixel;
        largest = std::max(largest, pixels);
    }
    // Decoding holds the file (a few bytes a pixel at most), up to four
    // 16-bit channels, and converting them to float two more float copies.
    return held + largest * (8 + 8 + 2 * 4 * 4);
}

void requireMemory(const std::string& what, std::uint64_t bytes, std::uint64_t budget)
{
    if (bytes > budget)
        throw Error(ErrorKind::Resource, {},
                    what + " needs about " + formatBytes(bytes) + ", but only " + formatBytes(budget) + " may be used",
                    "Use smaller or fewer pictures, or a smaller size", Remedy::AllowMoreMemory);
}

MemoryPlan planMemory(NetworkKind network, bool halfPrecision, const StyleParams& params, int width, int height,
                      std::uint64_t budget)
{
    MemoryPlan plan;
    plan.budget = budget;
    plan.untiledBytes = evaluationBytes(network, halfPrecision, params, double(width) * height);
    const int longSide = std::max(width, height);
    const bool askedForTiles = params.tileSide > 0 && longSide > params.tileSide;
    if (!askedForTiles && plan.untiledBytes <= budget) {
        plan.tiledBytes = plan.untiledBytes;
        return plan;
    }
    int side = askedForTiles ? params.tileSide : longSide;
    const int smallest = std::min(side, kMinimumTileSide);
    while (side > smallest && tiledBytes(network, halfPrecision, params, width, height, side) > budget)
        side = std::max(smallest, side * 7 / 8 / 16 * 16);
    plan.tileSide = side;
    plan.tiledBytes = tiledBytes(network, halfPrecision, params, width, height, plan.tileSide);
    if (plan.tiledBytes > budget)
        throw Error(ErrorKind::Resource, {},
                    std::to_string(width) + "×" + std::to_string(height) + " px needs about " +
                        formatBytes(plan.untiledBytes) + " at once, and still " + formatBytes(plan.tiledBytes) +
                        " in the smallest tiles, but only " + formatBytes(budget) + " may be used",
                    "Choose a smaller size or print resolution, or allow more memory", Remedy::AllowMoreMemory);
    return plan;
}

std::uint64_t styleTargetBytes(NetworkKind network, bool halfPrecision, double largestStylePixels,
                               double allStylePixels)
{
    // A forward pass keeps no activations for a backward one: about a third
    // of an evaluation's peak. The style pictures are held as floats, twice
    // (the picture and its tensor).
    const double forwardPerPixel = activationBytesPerPixel(network) * (halfPrecision ? 0.55 : 1.0) / 3.0;
    return std::uint64_t(allStylePixels * 3 * 4 * 2 + forwardPerPixel * largestStylePixels);
}

int planStyleTargets(NetworkKind network, bool halfPrecision, double largestStylePixels, double allStylePixels,
                     std::uint64_t fixedBytes, std::uint64_t budget)
{
    auto needs = [&](double pixels) {
        return fixedBytes + styleTargetBytes(network, halfPrecision, pixels, allStylePixels);
    };
    if (needs(largestStylePixels) <= budget)
        return 0;
    const double side = std::sqrt(largestStylePixels);
    int tile = int(side);
    while (tile > kMinimumTileSide && needs(double(tile) * tile) > budget)
        tile = std::max(kMinimumTileSide, tile * 7 / 8 / 16 * 16);
    if (needs(double(tile) * tile) > budget)
        throw Error(ErrorKind::Resource, {},
                    "the style pictures need about " + formatBytes(needs(largestStylePixels)) + " at this style scale, and still " +
                        formatBytes(needs(double(tile) * tile)) + " in the smallest tiles, but only " +
                        formatBytes(budget) + " may be used",
                    "Use a smaller style scale (--style-scale), or fewer or smaller paintings",
                    Remedy::AllowMoreMemory);
    return tile;
}

void requireUntiledFits(NetworkKind network, bool halfPrecision, const StyleParams& params, int width, int height,
                        std::uint64_t budget)
{
    const std::uint64_t bytes = evaluationBytes(network, halfPrecision, params, double(width) * height);
    if (bytes > budget)
        throw Error(ErrorKind::Resource, {},
                    std::to_string(width) + "×" + std::to_string(height) + " px needs about " + formatBytes(bytes) +
                        " for one evaluation, but only " + formatBytes(budget) + " may be used",
                    "Choose a smaller --size", Remedy::AllowMoreMemory);
}

} // namespace brushwork
