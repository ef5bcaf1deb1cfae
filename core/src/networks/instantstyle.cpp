// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/instantstyle.h"

#include "brushwork/builtinmodels.h"
#include "brushwork/colour.h"
#include "brushwork/cputhreads.h"
#include "brushwork/devicedescription.h"
#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/memorybudget.h"
#include "brushwork/printscale.h"
#include "brushwork/torus.h"
#include "support/cpucores.h"
#include "formats/tflitemodel.h"
#include "networks/stylepredictor.h"
#include "networks/styletransformer.h"
#include "device/devicechoice.h"
#include "networks/tensorimage.h"

#include <algorithm>
#include <cmath>

namespace brushwork {
namespace {

/// The centre square of `picture`, as the predictor was trained on (Magenta
/// crops its paintings the same way).
cv::Mat centreSquare(const cv::Mat& picture)
{
    const int side = std::min(picture.cols, picture.rows);
    return picture(cv::Rect((picture.cols - side) / 2, (picture.rows - side) / 2, side, side));
}

// Peak resident memory per pixel painted on the CPU, above LibTorch's own:
// 237 bytes measured at 2048×1362, rounded up.
constexpr std::uint64_t kBytesPerPixel = 256;

} // namespace

std::uint64_t instantStyleBytes(int width, int height)
{
    return std::uint64_t(std::max(width, 16)) * std::uint64_t(std::max(height, 16)) * kBytesPerPixel;
}

StyleVector blendStyleVectors(const std::vector<StyleVector>& vectors, const std::vector<float>& weights)
{
    if (vectors.empty())
        throw Error(ErrorKind::Usage, {}, "no style to blend", "Give at least one painting");
    if (!weights.empty() && weights.size() != vectors.size())
        throw Error(ErrorKind::Usage, {},
                    std::to_string(weights.size()) + " style weights for " + std::to_string(vectors.size()) +
                        " paintings",
                    "Give one weight per painting");
    double total = 0;
    for (const float weight : weights) {
        if (!(weight >= 0) || !std::isfinite(weight))
            throw Error(ErrorKind::Usage, {}, "a style weight is negative or not a number", "Use weights of 0 or more");
        total += weight;
    }
    if (!weights.empty() && total <= 0)
        throw Error(ErrorKind::Usage, {}, "every style weight is zero", "Give at least one painting a weight above 0");
    StyleVector blend;
    for (std::size_t i = 0; i < vectors.size(); ++i) {
        const double share = weights.empty() ? 1.0 / double(vectors.size()) : weights[i] / total;
        for (std::size_t k = 0; k < StyleVector::kSize; ++k)
            blend.values[k] += float(share * vectors[i].values[k]);
    }
    return blend;
}

StyleVector withStrength(const StyleVector& painting, const StyleVector& photo, float strength)
{
    const float r = std::clamp(strength, 0.0f, 1.0f);
    StyleVector mixed;
    for (std::size_t k = 0; k < StyleVector::kSize; ++k)
        mixed.values[k] = r * painting.values[k] + (1.0f - r) * photo.values[k];
    return mixed;
}

struct InstantStyle::Impl {
    Impl(const tflite::Model& predictorModel, const tflite::Model& transformerModel)
        : predictor(predictorModel)
        , transformer(transformerModel)
    {
    }
    StylePredictor predictor;
    StyleTransformer transformer;
    torch::Device device{torch::kCPU};
    int threads = 1;
};

InstantStyle::InstantStyle(DeviceKind device, int threads)
    : InstantStyle(builtinModelPath(kStylePredictorFile), builtinModelPath(kStyleTransformerFile), device, threads)
{
}

InstantStyle::InstantStyle(const std::string& predictorPath, const std::string& transformerPath, DeviceKind device,
                           int threads)
{
    // One pass frees and allocates activations of tens of MB layer after
    // layer; reusing the freed blocks saves the page faults of fresh ones.
    keepLargeAllocations();
    const int count = setCpuThreads(threads);
    const torch::Device chosen = chooseDevice(device);
    mImpl = std::make_unique<Impl>(tflite::Model(predictorPath), tflite::Model(transformerPath));
    mImpl->threads = count;
    mImpl->device = chosen;
    mImpl->predictor.to(chosen);
    mImpl->transformer.to(chosen);
}

InstantStyle::~InstantStyle() = default;
InstantStyle::InstantStyle(InstantStyle&&) noexcept = default;
InstantStyle& InstantStyle::operator=(InstantStyle&&) noexcept = default;

std::string InstantStyle::deviceName() const
{
    return deviceDescription(mImpl->device.is_cuda(), mImpl->device.is_cuda() ? mImpl->device.index() : 0,
                             mImpl->threads);
}

StyleVector InstantStyle::styleOf(const cv::Mat& picture) const
{
    if (picture.empty())
        throw Error(ErrorKind::Usage, {}, "the painting is empty");
    const torch::InferenceMode inference;
    const cv::Mat square = resizeToLongSide(centreSquare(picture), int(StylePredictor::kInputSide));
    const torch::Tensor z = mImpl->predictor.predict(matToTensor(square).to(mImpl->device)).to(torch::kCPU);
    StyleVector style;
    std::copy_n(z.data_ptr<float>(), StyleVector::kSize, style.values.begin());
    return style;
}

cv::Mat InstantStyle::paint(const cv::Mat& photo, const StyleVector& style, bool seamless) const
{
    if (photo.empty())
        throw Error(ErrorKind::Usage, {}, "the photo is empty");
    requireMemory("painting " + std::to_string(photo.cols) + "×" + std::to_string(photo.rows) + " px",
                  instantStyleBytes(photo.cols, photo.rows), defaultMemoryBudget(mImpl->device.is_cuda()));
    const torch::InferenceMode inference;
    const torch::Tensor z =
        torch::from_blob(const_cast<float*>(style.values.data()), {std::int64_t(StyleVector::kSize)}, torch::kFloat32)
            .to(mImpl->device);
    if (!seamless)
        return tensorToMat(mImpl->transformer.paint(matToTensor(photo).to(mImpl->device), z, Edges::Zero));
    // The network halves the picture twice: a torus whose sides are not
    // multiples of 4 is painted at the nearest size that is, and brought
    // back round the torus, so the edges still meet.
    const cv::Size torus(StyleTransformer::torusSide(photo.cols), StyleTransformer::torusSide(photo.rows));
    const cv::Mat painted = tensorToMat(
        mImpl->transformer.paint(matToTensor(resizeWrapped(photo, torus)).to(mImpl->device), z, Edges::Wrap));
    return resizeWrapped(painted, photo.size());
}

cv::Mat paintKeepingStrokes(const InstantStyle& network, const cv::Mat& photo, const StyleVector& style,
                            int previewSide)
{
    if (photo.empty())
        throw Error(ErrorKind::Usage, {}, "the photo is empty");
    if (std::max(photo.cols, photo.rows) <= previewSide)
        return network.paint(photo, style);
    return enlargeWithPhotoDetail(network.paint(resizeToLongSide(photo, previewSide), style), photo);
}

cv::Mat transferStyle(const cv::Mat& content, const std::vector<cv::Mat>& styles, const InstantStyleOptions& options)
{
    return transferStyle(InstantStyle(options.device, options.threads), content, styles, options);
}

cv::Mat transferStyle(const InstantStyle& network, const cv::Mat& content, const std::vector<cv::Mat>& styles,
                      const InstantStyleOptions& options)
{
    if (styles.empty())
        throw Error(ErrorKind::Usage, {}, "no painting was given", "Give at least one painting to take the style from");
    if (!(options.strength >= 0.0f && options.strength <= 1.0f))
        throw Error(ErrorKind::Usage, {}, "the style strength must be between 0 and 1");
    if (options.size < 0)
        throw Error(ErrorKind::Usage, {}, "the size cannot be negative");
    const cv::Mat photo = options.size > 0 ? resizeToLongSide(content, options.size) : content;
    std::vector<StyleVector> vectors;
    for (const cv::Mat& style : styles)
        vectors.push_back(network.styleOf(options.preserveColours == ColourMode::Histogram
                                              ? matchColourStatistics(style, photo)
                                              : style));
    StyleVector style = blendStyleVectors(vectors, options.styleWeights);
    if (options.strength < 1.0f)
        style = withStrength(style, network.styleOf(photo), options.strength);
    // Regions are painted whole: their masks are the picture's own.
    const cv::Mat painted = options.regions.empty() ? paintKeepingStrokes(network, photo, style)
                                                    : paintRegions(network, photo, vectors, style, options.regions);
    return options.preserveColours == ColourMode::Luminance ? keepContentChroma(painted, photo) : painted;
}

cv::Mat transferStyle(const cv::Mat& content, const cv::Mat& style, const InstantStyleOptions& options)
{
    return transferStyle(content, std::vector<cv::Mat>{style}, options);
}

cv::Mat transferStyle(const std::string& contentPath, const std::vector<std::string>& stylePaths,
                      const InstantStyleOptions& options)
{
    std::vector<cv::Mat> styles;
    for (const std::string& path : stylePaths)
        styles.push_back(loadImage(path));
    return transferStyle(loadImage(contentPath), styles, options);
}

cv::Mat transferStyle(const std::string& contentPath, const std::string& stylePath, const InstantStyleOptions& options)
{
    return transferStyle(contentPath, std::vector<std::string>{stylePath}, options);
}

} // namespace brushwork
