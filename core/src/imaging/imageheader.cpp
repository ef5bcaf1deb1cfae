// SPDX-License-Identifier: GPL-3.0-or-later
#include "imaging/imageheader.h"

#include <cstring>

namespace brushwork {
namespace {

/// Bounds-checked reads; a read past the end makes `ok` false and gives 0.
class Bytes {
public:
    Bytes(const std::uint8_t* data, std::size_t size)
        : mData(data)
        , mSize(size)
    {
    }

    bool has(std::size_t offset, std::size_t count) const { return offset <= mSize && count <= mSize - offset; }

    std::uint32_t big(std::size_t offset, int bytes) const
    {
        if (!has(offset, std::size_t(bytes)))
            return 0;
        std::uint32_t value = 0;
        for (int i = 0; i < bytes; ++i)
            value = value << 8 | mData[offset + std::size_t(i)];
        return value;
    }

    std::uint32_t little(std::size_t offset, int bytes) const
    {
        if (!has(offset, std::size_t(bytes)))
            return 0;
        std::uint32_t value = 0;
        for (int i = bytes - 1; i >= 0; --i)
            value = value << 8 | mData[offset + std::size_t(i)];
        return value;
    }

    bool startsWith(std::size_t offset, const char* text) const
    {
        const std::size_t length = std::strlen(text);
        return has(offset, length) && std::memcmp(mData + offset, text, length) == 0;
    }

    std::size_t size() const { return mSize; }

private:
    const std::uint8_t* mData;
    std::size_t mSize;
};

std::optional<HeaderSize> jpegSize(const Bytes& b)
{
    // Segments follow SOI; the first start-of-frame marker has the size.
    std::size_t at = 2;
    while (b.has(at, 4)) {
        if (b.big(at, 1) != 0xFF)
            return std::nullopt;
        const std::uint32_t marker = b.big(at + 1, 1);
        if (marker == 0xFF) { // fill byte
            ++at;
            continue;
        }
        const bool standalone = marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8);
        if (standalone) {
            at += 2;
            continue;
        }
        const std::uint32_t length = b.big(at + 2, 2);
        const bool frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (frame && b.has(at + 4, 5))
            return HeaderSize{b.big(at + 7, 2), b.big(at + 5, 2)};
        if (length < 2)
            return std::nullopt;
        at += 2 + length;
    }
    return std::nullopt;
}

std::optional<HeaderSize> webpSize(const Bytes& b)
{
    if (b.startsWith(12, "VP8X") && b.has(24, 6))
        return HeaderSize{std::uint64_t(b.little(24, 3)) + 1, std::uint64_t(b.little(27, 3)) + 1};
    if (b.startsWith(12, "VP8L") && b.has(21, 4)) {
        const std::uint32_t bits = b.little(21, 4);
        return HeaderSize{(bits & 0x3FFF) + 1u, ((bits >> 14) & 0x3FFF) + 1u};
    }
    if (b.startsWith(12, "VP8 ") && b.has(26, 4))
        return HeaderSize{b.little(26, 2) & 0x3FFF, b.little(28, 2) & 0x3FFF};
    return std::nullopt;
}

std::optional<HeaderSize> tiffSize(const Bytes& b)
{
    const bool little = b.startsWith(0, "II");
    auto read = [&](std::size_t offset, int bytes) { return little ? b.little(offset, bytes) : b.big(offset, bytes); };
    const std::size_t directory = read(4, 4);
    const std::uint32_t entries = read(directory, 2);
    HeaderSize size;
    for (std::uint32_t i = 0; i < entries && b.has(directory + 2 + 12 * std::size_t(i), 12); ++i) {
        const std::size_t entry = directory + 2 + 12 * std::size_t(i);
        const std::uint32_t tag = read(entry, 2);
        const std::uint32_t type = read(entry + 2, 2);
        const std::uint32_t value = type == 3 ? read(entry + 8, 2) : read(entry + 8, 4);
        if (tag == 256)
            size.width = value;
        else if (tag == 257)
            size.height = value;
    }
    if (size.width == 0 || size.height == 0)
        return std::nullopt;
    return size;
}

} // namespace

std::optional<ImageFormat> imageFormat(const std::uint8_t* data, std::size_t size)
{
    const Bytes b(data, size);
    if (b.startsWith(0, "\x89PNG\r\n\x1a\n"))
        return ImageFormat::Png;
    if (b.big(0, 3) == 0xFFD8FF)
        return ImageFormat::Jpeg;
    if (b.startsWith(0, "RIFF") && b.startsWith(8, "WEBP"))
        return ImageFormat::WebP;
    if (b.startsWith(0, "BM"))
        return ImageFormat::Bmp;
    if (b.startsWith(0, "GIF87a") || b.startsWith(0, "GIF89a"))
        return ImageFormat::Gif;
    if (b.startsWith(0, "II*") || b.big(0, 4) == 0x4D4D002A || b.startsWith(0, "II+") || b.big(0, 4) == 0x4D4D002B)
        return ImageFormat::Tiff;
    return std::nullopt;
}

std::optional<HeaderSize> imageHeaderSize(const std::uint8_t* data, std::size_t size)
{
    const Bytes b(data, size);
    if (b.startsWith(0, "\x89PNG\r\n\x1a\n") && b.startsWith(12, "IHDR"))
        return HeaderSize{b.big(16, 4), b.big(20, 4)};
    if (b.big(0, 2) == 0xFFD8)
        return jpegSize(b);
    if (b.startsWith(0, "RIFF") && b.startsWith(8, "WEBP"))
        return webpSize(b);
    if (b.startsWith(0, "BM") && b.has(14, 4)) {
        // As OpenCV's decoder reads it: OS/2 headers (12 bytes) hold 16-bit
        // sizes, the others 32-bit ones; any other header size is not read.
        const std::uint32_t headerSize = b.little(14, 4);
        if (headerSize == 12 && b.has(18, 4))
            return HeaderSize{b.little(18, 2), b.little(20, 2)};
        if (headerSize < 36 || !b.has(18, 8))
            return std::nullopt;
        // Height is signed: negative for top-down pictures.
        const auto height = std::int32_t(b.little(22, 4));
        return HeaderSize{b.little(18, 4), std::uint64_t(height < 0 ? -std::int64_t(height) : height)};
    }
    if ((b.startsWith(0, "GIF87a") || b.startsWith(0, "GIF89a")) && b.has(6, 4))
        return HeaderSize{b.little(6, 2), b.little(8, 2)};
    if (b.startsWith(0, "II*") || b.big(0, 4) == 0x4D4D002A)
        return tiffSize(b);
    return std::nullopt;
}

} // namespace brushwork
