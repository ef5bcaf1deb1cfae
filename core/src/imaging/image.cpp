// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/image.h"

#include "brushwork/error.h"
#include "imaging/imageencoders.h"
#include "imaging/picturecheck.h"
#include "brushwork/atomicfile.h"
#include "support/inputfile.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdlib>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <random>

namespace brushwork {
namespace {

constexpr std::uint64_t kDefaultMaxPixels = 200'000'000;
// 65535 × 65535, the most any decoder here gives.
constexpr std::uint64_t kMostMaxPixels = 4'294'836'225;

/// 8/16-bit or float, 1 to 4 channels (BGR order) -> float 0..1, same channels.
cv::Mat toUnitFloat(const cv::Mat& decoded)
{
    double scale = 1.0;
    switch (decoded.depth()) {
    case CV_8U:
        scale = 1.0 / 255.0;
        break;
    case CV_16U:
        scale = 1.0 / 65535.0;
        break;
    case CV_8S:
    case CV_16S:
    case CV_32S:
        throw std::invalid_argument("signed integer pixels");
    default:
        break;
    }
    cv::Mat unit;
    decoded.convertTo(unit, CV_MAKETYPE(CV_32F, decoded.channels()), scale);
    return cv::max(cv::min(unit, 1.0), 0.0);
}

/// Composites BGRA or gray+alpha onto white, returning BGR.
cv::Mat flattenAlpha(const cv::Mat& unit)
{
    std::vector<cv::Mat> planes;
    cv::split(unit, planes);
    const cv::Mat alpha = planes.back();
    planes.pop_back();
    cv::Mat colour;
    cv::merge(planes, colour);
    if (colour.channels() == 1)
        cv::cvtColor(colour, colour, cv::COLOR_GRAY2BGR);
    cv::Mat alpha3;
    cv::merge(std::vector<cv::Mat>{alpha, alpha, alpha}, alpha3);
    cv::Mat white(colour.size(), colour.type(), cv::Scalar::all(1.0));
    return colour.mul(alpha3) + white.mul(cv::Scalar::all(1.0) - alpha3);
}

cv::Mat toEngineImage(const cv::Mat& decoded, const std::string& name)
{
    cv::Mat unit;
    try {
        unit = toUnitFloat(decoded);
    } catch (const std::invalid_argument&) {
        throw Error(ErrorKind::BadInput, name, "the picture's pixel format is not supported", kReadablePictures);
    }
    if (unit.channels() == 2 || unit.channels() == 4)
        unit = flattenAlpha(unit);
    else if (unit.channels() == 1)
        cv::cvtColor(unit, unit, cv::COLOR_GRAY2BGR);
    cv::cvtColor(unit, unit, cv::COLOR_BGR2RGB);
    return unit;
}

std::string lowerExtension(const std::string& path)
{
    std::string extension = std::filesystem::path(path).extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return extension;
}

} // namespace

cv::Mat loadImage(const std::string& path)
{
    std::vector<unsigned char> bytes;
    try {
        bytes = readInputFile(path, kPictureInput);
    } catch (const std::bad_alloc&) {
        throw Error(ErrorKind::BadInput, path, "there is not enough free memory to read this picture");
    }
    return decodeImage(bytes, path);
}

cv::Size pictureSize(const std::string& path)
{
    return pictureSize(readInputFile(path, kPictureInput), path);
}

cv::Size pictureSize(const std::vector<unsigned char>& bytes, const std::string& name)
{
    const PictureSize size = checkPicture(bytes.data(), bytes.size(), name, maxImagePixels());
    return {int(size.width), int(size.height)};
}

std::uint64_t maxImagePixels()
{
    if (const char* text = std::getenv("BRUSHWORK_MAX_PIXELS"); text && *text) {
        // strtoull would take "-1" as 2^64-1, turning the limit off unseen.
        char* end = nullptr;
        const unsigned long long value = std::isdigit(static_cast<unsigned char>(*text)) ? std::strtoull(text, &end, 10) : 0;
        if (!end || *end != '\0' || value == 0 || value > kMostMaxPixels)
            throw Error(ErrorKind::Usage, "BRUSHWORK_MAX_PIXELS",
                        "must be a whole number of pixels from 1 to " + std::to_string(kMostMaxPixels) + ", not \"" +
                            text + "\"",
                        "Unset it for the default of " + std::to_string(kDefaultMaxPixels / 1000000) + " megapixels");
        return value;
    }
    return kDefaultMaxPixels;
}

cv::Mat decodeImage(const std::vector<unsigned char>& bytes, const std::string& name)
{
    checkPicture(bytes.data(), bytes.size(), name, maxImagePixels());
    cv::Mat decoded;
    try {
        // Only IMREAD_UNCHANGED shows alpha, but only the other modes apply
        // the EXIF orientation; pictures with alpha rarely carry EXIF.
        decoded = cv::imdecode(bytes, cv::IMREAD_UNCHANGED);
        if (!decoded.empty() && decoded.channels() != 2 && decoded.channels() != 4)
            decoded = cv::imdecode(bytes, cv::IMREAD_COLOR | cv::IMREAD_ANYDEPTH);
    } catch (const std::bad_alloc&) {
        throw Error(ErrorKind::BadInput, name, "there is not enough free memory to decode this picture",
                    "Use a smaller picture, or close other programs");
    } catch (const std::exception&) { // cv::Exception: the decoder refused the data
        decoded.release();
    }
    if (decoded.empty() || decoded.cols == 0 || decoded.rows == 0)
        throw Error(ErrorKind::BadInput, name, "not a picture Brushwork can read, or the file is damaged",
                    kReadablePictures);
    try {
        return toEngineImage(decoded, name);
    } catch (const std::bad_alloc&) {
        throw Error(ErrorKind::BadInput, name, "there is not enough free memory to convert this picture",
                    "Use a smaller picture, or close other programs");
    }
}

std::vector<unsigned char> pngBytes(const cv::Mat& rgb)
{
    if (rgb.empty() || rgb.type() != CV_32FC3)
        throw Error(ErrorKind::Usage, {}, "there is no picture to encode");
    return encodePng(rgb, false, 0);
}

void saveImage(const std::string& path, const cv::Mat& rgb, const ImageSaveOptions& options)
{
    if (rgb.empty() || rgb.type() != CV_32FC3)
        throw Error(ErrorKind::Usage, path, "there is no picture to save");
    if (options.dpi < 0 || options.dpi > 100000)
        throw Error(ErrorKind::Usage, path, "the resolution must be between 0 and 100000 DPI");
    const std::string extension = lowerExtension(path);
    const int quality = std::clamp(options.jpegQuality, 1, 100);
    std::vector<unsigned char> encoded;
    if (extension == ".png")
        encoded = encodePng(rgb, options.sixteenBit, options.dpi);
    else if (extension == ".jpg" || extension == ".jpeg")
        encoded = encodeJpeg(rgb, quality, options.dpi);
    else if (extension == ".webp")
        encoded = encodeWebp(rgb, quality);
    else if (extension == ".tif" || extension == ".tiff")
        return writeAtomically(path, "the picture", [&](const std::string& temporary) {
            writeTiff(temporary, rgb, options.sixteenBit, options.dpi);
        });
    else
        throw Error(ErrorKind::Usage, path, "cannot save as \"" + extension + "\"", "Use .png, .jpg, .tif or .webp");
    writeFileAtomically(path, "the picture", encoded.data(), encoded.size());
}

cv::Mat resizeToLongSide(const cv::Mat& rgb, int longSide)
{
    const double scale = double(longSide) / std::max(rgb.cols, rgb.rows);
    const cv::Size size = rgb.cols >= rgb.rows
                              ? cv::Size(longSide, std::max(1, int(std::lround(rgb.rows * scale))))
                              : cv::Size(std::max(1, int(std::lround(rgb.cols * scale))), longSide);
    if (size == rgb.size())
        return rgb.clone();
    cv::Mat resized;
    cv::resize(rgb, resized, size, 0, 0, scale < 1.0 ? cv::INTER_AREA : cv::INTER_CUBIC);
    return cv::max(cv::min(resized, 1.0), 0.0);
}

} // namespace brushwork
