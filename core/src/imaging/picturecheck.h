// SPDX-License-Identifier: GPL-3.0-or-later
// Everything a picture's bytes must pass before a decoder gets them, so that
// no picture can make Brushwork hang, allocate without bound or paint
// something other than what the file holds. decodeImage calls it; any new
// reader of pictures goes through loadImage/decodeImage and so through this.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace brushwork {

/// The formats Brushwork reads (README: "Pictures"); the others are refused
/// by their signature.
inline constexpr const char* kReadablePictures = "Use a JPEG, PNG, TIFF, WebP or BMP picture";

/// Progressive JPEGs have about ten scans; thousands make decoding take minutes.
inline constexpr int kMaxJpegScans = 100;

struct PictureSize {
    std::uint64_t width = 0;
    std::uint64_t height = 0;
};

/// Checks `data` and returns the size its decoder will give. Throws
/// Error(BadInput) naming `name` when the format is not one Brushwork reads,
/// when the size (as the decoder's own header reading gives it: libjpeg for
/// JPEG, libtiff for TIFF, the fixed header fields for PNG, WebP and BMP) is
/// over `maxPixels`, and when decoding could not be bounded or the picture is
/// damaged: a JPEG is read through every scan by libjpeg (at 1/8 size, so
/// quickly), refusing any warning (cut short, corrupt data) and more than
/// kMaxJpegScans scans; a TIFF's tiles or strips may not be larger than the
/// picture; a BMP's pixel rows must all be in the file.
PictureSize checkPicture(const std::uint8_t* data, std::size_t size, const std::string& name, std::uint64_t maxPixels);

} // namespace brushwork
