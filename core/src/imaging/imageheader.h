// SPDX-License-Identifier: GPL-3.0-or-later
// A picture's pixel size from its header alone, so that huge pictures are
// refused before a decoder allocates them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace brushwork {

struct HeaderSize {
    std::uint64_t width = 0;
    std::uint64_t height = 0;
};

enum class ImageFormat { Png, Jpeg, WebP, Bmp, Gif, Tiff };

/// The format `data` starts like, from its signature alone; nullopt for
/// anything else (PNM, PFM, HDR, Sun raster, JPEG 2000, OpenEXR, ...).
std::optional<ImageFormat> imageFormat(const std::uint8_t* data, std::size_t size);

/// Width and height claimed by a PNG, JPEG, WebP, BMP, GIF or TIFF header in
/// `data`; nullopt for other formats or headers too damaged to say. Reads
/// only within `size` bytes, whatever the header claims.
std::optional<HeaderSize> imageHeaderSize(const std::uint8_t* data, std::size_t size);

} // namespace brushwork
