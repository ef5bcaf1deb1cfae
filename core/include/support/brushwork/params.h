// SPDX-License-Identifier: GPL-3.0-or-later
// What a style-transfer run is asked to do, as plain values.
#pragma once

#include <cstdint>
#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <vector>

namespace brushwork {

enum class NetworkKind { Auto, Vgg19, SqueezeNet };
enum class Pooling { Max, Average };
enum class OptimizerKind { Lbfgs, Adam };
/// The picture a run starts from. Instant: the photo painted by the built-in
/// arbitrary-style network (see instantstyle.h) with the styles' vectors
/// blended as the job blends the styles; the photo, with a notice, when those
/// networks are missing.
enum class InitKind { Content, Noise, Image, Instant };
enum class ColourMode { None, Luminance, Histogram };
enum class DeviceKind { Auto, Cpu, Cuda };
/// Precision of the feature network's convolutions; Grams, losses and the
/// picture stay float32. Auto: bfloat16 on GPUs and on CPUs with AVX-512 BF16,
/// float32 on other CPUs (which convert bfloat16 in software, more slowly).
enum class Precision { Auto, Float32, BFloat16, Float16 };

/// "vgg19", "squeezenet" or "auto", as the command line spells them.
const char* networkName(NetworkKind kind);

/// A part of the picture painted in one painting's style, or kept as the
/// photo (Gatys et al. 2017's guided Grams). Grey in the mask is a share of
/// a pixel; where regions' shares add up to more than 1 they are scaled down
/// to 1, and what a pixel has left gets the blend of all paintings.
struct Region {
    static constexpr int kKeepPhoto = -1;
    int painting = kKeepPhoto; ///< index into the job's styles, or kKeepPhoto
    /// CV_32FC1 0..1 (1: wholly this region), of the photo's aspect ratio at
    /// any size. Shared, not copied, with the weights: give a changed region
    /// a new cv::Mat rather than drawing into the one a run holds.
    cv::Mat mask;
    float strength = 1.0f; ///< >= 0: how much its painting's style (or its photo) counts
};

/// The weights a user may change while a run is going; the engine reads them
/// before every evaluation. Content and style losses are relative errors
/// (see losses), so these are unitless and mean the same for every network.
struct LossWeights {
    float content = 1.0f;   ///< >= 0
    float style = 10.0f;    ///< >= 0
    float tv = 1.0f;        ///< >= 0, smoothness (total variation)
    std::vector<float> styleBlend; ///< one per style, >= 0; empty = equal blend
    std::vector<Region> regions;   ///< empty: the blend everywhere
};

struct LayerWeight {
    std::string layer;   ///< e.g. "relu3_1" (VGG19) or "fire4" (SqueezeNet)
    float weight = 1.0f; ///< relative to the other style layers
};

/// The most iterations a run (or a resumed project) may ask for.
inline constexpr int kMaxIterations = 1000000;

/// The most style pictures one run blends; each is held in memory at full size.
inline constexpr int kMaxStyles = 64;

/// When a run has stopped changing (StyleParams::stopAtPlateau): its best
/// loss fell by less than `tolerance` (a fraction) over the last `window`
/// evaluations. A smaller tolerance polishes longer; the studio's Draft uses
/// 0.04, Standard 0.02 and Fine 0.005 (why 0.02: see plateau.cpp).
struct PlateauRule {
    int window = 10;         ///< 1..1000 evaluations
    float tolerance = 0.02f; ///< > 0 and < 1
};

struct StyleParams {
    int size = 512;            ///< output's long side in pixels
    int iterations = 500;      ///< evaluations in all, split across the scales
    LossWeights weights;
    float styleScale = 1.0f;   ///< style image's long side relative to the output's
    OptimizerKind optimizer = OptimizerKind::Lbfgs;
    float adamLearningRate = 0.02f; ///< in image units (0..1) per step
    /// L-BFGS corrections kept. Each costs two picture-sized vectors read every
    /// iteration: at 512 px, 20 reached the same loss as 100 (0.4811 vs
    /// 0.4809 in `bench --quality`) in 10% less time, and 100 would hold
    /// 10 GB at 2048 px.
    int lbfgsHistory = 20;
    /// The engine's own default is the photo; the command line, plans and
    /// the studio start from InitKind::Instant unless told otherwise.
    InitKind init = InitKind::Content;
    cv::Mat initImage;         ///< used when init == Image; CV_32FC3 RGB 0..1
    Pooling pooling = Pooling::Max;
    ColourMode colour = ColourMode::None;
    std::optional<std::uint64_t> seed; ///< set: CPU runs are bit-reproducible
    std::vector<std::string> contentLayers; ///< empty = the network's default
    std::vector<LayerWeight> styleLayers;   ///< empty = the network's default
    int firstScaleSide = 128;  ///< long side of the coarsest scale
    bool multiScale = true;    ///< false: every iteration at the final size
    /// Ends the run once the loss at the final scale stops falling (see
    /// Progress::plateauIteration); false: every iteration runs.
    bool stopAtPlateau = true;
    PlateauRule plateau;
    int frameEvery = 10;       ///< iterations between preview frames
    /// Bytes the run may use; 0: most of the free memory of the device.
    /// Scales that do not fit are optimized in overlapping tiles.
    std::uint64_t memoryBudget = 0;
    /// > 0: scales whose long side is larger are tiled with tiles of this
    /// side (overlap included), whatever the budget.
    int tileSide = 0;
    /// The picture as a torus: it tiles left-right and top-bottom without a seam.
    bool seamless = false;
    /// A larger run is a print of its preview (issue 27): the picture is
    /// painted at this long side first (or taken from a smaller initImage,
    /// whose long side is then the preview's), then enlarged and refined.
    /// 16..65536.
    int previewSize = 512;
};

struct StyleSource {
    cv::Mat image;        ///< CV_32FC3 RGB 0..1
    std::string name;     ///< shown in progress and metadata
};

/// Ruder et al.'s temporal term, for a frame of a clip: the picture is held
/// near the previous painted frame, warped to this one, where the motion
/// can be trusted (weight × mean of mask × squared difference). Scales
/// painted in tiles go without it.
struct TemporalTarget {
    cv::Mat picture;   ///< CV_32FC3 RGB 0..1, the warped previous frame at the content's size
    cv::Mat mask;      ///< CV_32F 0..1 at the same size: 1 where the flow is reliable
    float weight = 0;  ///< >= 0
};

struct StyleJob {
    cv::Mat content;      ///< CV_32FC3 RGB 0..1
    std::vector<StyleSource> styles;
    StyleParams params;
    std::optional<TemporalTarget> temporal; ///< set: the job is a frame of a clip
};

} // namespace brushwork
