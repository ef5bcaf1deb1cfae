// SPDX-License-Identifier: GPL-3.0-or-later
// Painting a photo in the style of any painting in one pass (Magenta's
// arbitrary-image-stylization, Ghiasi et al. 2017, the networks built into
// Brushwork): a painting becomes a style vector of 100 numbers, and the photo
// is painted with that vector. Vectors can be kept (a painting's does not
// change), blended between paintings, and mixed with the photo's own vector
// to turn the style down.
#pragma once

#include "brushwork/params.h"
#include "brushwork/stylevector.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace brushwork {

/// The vectors blended by `weights` (one per vector, >= 0, not all zero;
/// empty: equal shares). Throws Error(Usage) for anything else.
StyleVector blendStyleVectors(const std::vector<StyleVector>& vectors, const std::vector<float>& weights = {});

/// `strength` of the way from the photo's own vector to the painting's
/// (0: the photo painted in its own style, 1: the painting's), as Magenta's
/// demos turn the style down. `strength` is clamped to 0..1.
StyleVector withStrength(const StyleVector& painting, const StyleVector& photo, float strength);

/// Memory that painting a width×height picture takes, about (measured peak
/// of the CPU path, activations and the pictures in and out).
std::uint64_t instantStyleBytes(int width, int height);

/// Both networks, loaded once. Thread contract: one thread at a time.
class InstantStyle {
public:
    /// The built-in networks (see builtinmodels.h) on `device`, with the
    /// engine's CPU threads (0: $BRUSHWORK_THREADS, else all physical cores).
    /// Throws Error(BadInput) naming a network file that is missing or
    /// damaged, Error(Resource) when CUDA is asked for and missing.
    explicit InstantStyle(DeviceKind device = DeviceKind::Auto, int threads = 0);
    /// The same with the two TFLite files given.
    InstantStyle(const std::string& predictorPath, const std::string& transformerPath,
                 DeviceKind device = DeviceKind::Auto, int threads = 0);
    ~InstantStyle();
    InstantStyle(InstantStyle&&) noexcept;
    InstantStyle& operator=(InstantStyle&&) noexcept;

    /// "CPU (2 threads)" or "GPU (CUDA device 0)".
    std::string deviceName() const;

    /// The style vector of `picture` (CV_32FC3 RGB 0..1, any size): its
    /// centre square at 256×256, as the network was trained.
    StyleVector styleOf(const cv::Mat& picture) const;

    /// `photo` (CV_32FC3 RGB 0..1, any size) painted with `style`, at the
    /// photo's own size. Throws Error(Resource) with the estimate, before
    /// starting, when instantStyleBytes() exceeds the memory free now.
    /// `seamless`: the picture is painted as a torus, so that it tiles (at
    /// the nearest sides that are multiples of 4, and brought back round the
    /// torus). The photo's own edges stay as they are: see paintRegions().
    cv::Mat paint(const cv::Mat& photo, const StyleVector& style, bool seamless = false) const;

private:
    struct Impl;
    std::unique_ptr<Impl> mImpl;
};

/// `photo` painted as `regions` ask (params.h: Region): the transformer run
/// once per distinct style (a region's painting, of `paintings`, turned
/// down by its strength; `blended` where no region is), the photo itself
/// where a region keeps it, composited with feathered masks. Without
/// regions, network.paint(photo, blended). `seamless`: the photo is made
/// tileable() (torus.h) first, so the picture tiles; then as for paint().
cv::Mat paintRegions(const InstantStyle& network, const cv::Mat& photo, const std::vector<StyleVector>& paintings,
                     const StyleVector& blended, const std::vector<Region>& regions, bool seamless = false);

/// The long side the network paints a larger picture (a print) at: its
/// strokes have a fixed size in pixels, so a print painted whole has
/// relatively smaller, fainter strokes than its preview; painted at this
/// size and enlarged with the photo's detail, it is the preview, sharper.
inline constexpr int kInstantPreviewSide = 512;

/// `photo` painted with `style` at the photo's size: whole up to
/// `previewSide`, else painted at `previewSide` and enlarged with the
/// photo's detail (enlargeWithPhotoDetail), so its strokes are the preview's.
cv::Mat paintKeepingStrokes(const InstantStyle& network, const cv::Mat& photo, const StyleVector& style,
                            int previewSide = kInstantPreviewSide);

struct InstantStyleOptions {
    int size = 512;                   ///< the picture's long side; 0: the photo's own size
    float strength = 1.0f;            ///< 0..1, see withStrength()
    std::vector<float> styleWeights;  ///< one per painting; empty: equal shares
    ColourMode preserveColours = ColourMode::None;
    std::vector<Region> regions;      ///< where each painting goes (paintRegions); empty: the blend everywhere
    DeviceKind device = DeviceKind::Auto;
    int threads = 0;                  ///< CPU threads; 0: as the engine
};

/// The seed's one call: `content` painted in the style of `styles` (CV_32FC3
/// RGB 0..1 each). Histogram colour preservation gives the paintings the
/// photo's colours before their style is taken; luminance keeps the photo's
/// chroma in the result. Loads the built-in networks each time: keep an
/// InstantStyle to paint several pictures.
cv::Mat transferStyle(const cv::Mat& content, const std::vector<cv::Mat>& styles,
                      const InstantStyleOptions& options = {});
/// The same with networks already loaded (options.device and threads are theirs).
cv::Mat transferStyle(const InstantStyle& network, const cv::Mat& content, const std::vector<cv::Mat>& styles,
                      const InstantStyleOptions& options = {});
cv::Mat transferStyle(const cv::Mat& content, const cv::Mat& style, const InstantStyleOptions& options = {});
/// The same from files (any format loadImage reads).
cv::Mat transferStyle(const std::string& contentPath, const std::vector<std::string>& stylePaths,
                      const InstantStyleOptions& options = {});
cv::Mat transferStyle(const std::string& contentPath, const std::string& stylePath,
                      const InstantStyleOptions& options = {});

} // namespace brushwork
