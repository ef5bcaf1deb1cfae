// SPDX-License-Identifier: GPL-3.0-or-later
// Reading and writing pictures. Every image the engine takes or gives is a
// cv::Mat of type CV_32FC3 holding RGB in 0..1 (never BGR, never 0..255).
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace brushwork {

/// Loads JPEG, PNG (8/16-bit), TIFF, WebP or BMP as RGB float in 0..1; other
/// formats are refused. Every picture passes checkPicture (picturecheck.h)
/// first: its size from the decoder's header reading, damage, bounded decoding.
/// Grayscale is spread to three channels, 16-bit keeps its precision, the EXIF
/// orientation is applied, and transparent pixels are composited onto white
/// (a painting's paper), so the alpha channel itself is dropped.
/// Throws Error(BadInput) naming the file when it is missing, unreadable or not an image.
cv::Mat loadImage(const std::string& path);

/// The width and height loadImage would give `path` (EXIF orientation
/// aside), from the same checks of its header, without decoding its pixels:
/// what a memory estimate needs before anything is loaded. Throws as loadImage does.
cv::Size pictureSize(const std::string& path);
/// The same for a picture already in memory (an upload); `name` is only used
/// in error messages.
cv::Size pictureSize(const std::vector<unsigned char>& bytes, const std::string& name);

/// Decodes an image already in memory; `name` is only used in error messages.
/// Never throws anything but Error: a decoder failure or running out of
/// memory is Error(BadInput) naming the picture.
cv::Mat decodeImage(const std::vector<unsigned char>& bytes, const std::string& name);

/// Pictures with more pixels than this are refused from their header,
/// before decoding (a 60000×60000 PNG would need 43 GB as floats).
/// 200 megapixels, or $BRUSHWORK_MAX_PIXELS; a BRUSHWORK_MAX_PIXELS that is not
/// a whole number from 1 to 65535² throws Error(Usage) rather than turning
/// the limit off.
std::uint64_t maxImagePixels();

struct ImageSaveOptions {
    int jpegQuality = 95;  ///< 1..100, JPEG and WebP (100: lossless WebP)
    bool sixteenBit = false; ///< PNG and TIFF only: 16 bits per channel
    double dpi = 0;        ///< > 0: written into PNG, JPEG and TIFF files for printing
};

/// Writes PNG, JPEG, TIFF (LZW) or WebP, chosen by the file's extension, in
/// sRGB (declared in PNG, an embedded profile in JPEG and TIFF). The file is
/// written to a temporary name beside the target and renamed, so a failure
/// never leaves a half-written picture under the final name.
/// Throws Error(Io) or Error(Usage).
void saveImage(const std::string& path, const cv::Mat& rgb, const ImageSaveOptions& options = {});

/// `rgb` (CV_32FC3 RGB 0..1) as the bytes of an 8-bit sRGB PNG file: a
/// picture sent over the network rather than written. Throws Error(Usage).
std::vector<unsigned char> pngBytes(const cv::Mat& rgb);

/// Scales so that the longer side is `longSide` pixels (area filter when
/// shrinking, cubic when growing) and clamps the result to 0..1.
cv::Mat resizeToLongSide(const cv::Mat& rgb, int longSide);

} // namespace brushwork
