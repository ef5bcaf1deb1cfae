// SPDX-License-Identifier: GPL-3.0-or-later
#include "imaging/imageencoders.h"

#include "brushwork/error.h"

#include <lcms2.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <tiffio.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>

namespace brushwork {
namespace {

constexpr double kMetresPerInch = 0.0254;

/// 8- or 16-bit BGR, as OpenCV's encoders take it.
cv::Mat toBgr(const cv::Mat& rgb, bool sixteenBit)
{
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    bgr.convertTo(bgr, sixteenBit ? CV_16UC3 : CV_8UC3, sixteenBit ? 65535.0 : 255.0);
    return bgr;
}

std::vector<unsigned char> encodeWith(const char* extension, const cv::Mat& bgr, const std::vector<int>& parameters)
{
    std::vector<unsigned char> encoded;
    if (!cv::imencode(extension, bgr, encoded, parameters))
        throw Error(ErrorKind::Io, {}, std::string("the picture could not be encoded as ") + (extension + 1));
    return encoded;
}

void storeBigEndian32(unsigned char* out, std::uint32_t value)
{
    for (int i = 0; i < 4; ++i)
        out[i] = static_cast<unsigned char>(value >> (24 - 8 * i));
}

/// length, type, data, CRC of type and data.
std::vector<unsigned char> pngChunk(const char type[4], const std::vector<unsigned char>& data)
{
    std::vector<unsigned char> chunk(12 + data.size());
    storeBigEndian32(chunk.data(), std::uint32_t(data.size()));
    std::memcpy(chunk.data() + 4, type, 4);
    if (!data.empty())
        std::memcpy(chunk.data() + 8, data.data(), data.size());
    const uLong crc = crc32(crc32(0L, Z_NULL, 0), chunk.data() + 4, uInt(4 + data.size()));
    storeBigEndian32(chunk.data() + 8 + data.size(), std::uint32_t(crc));
    return chunk;
}

} // namespace

const std::vector<unsigned char>& srgbProfile()
{
    static const std::vector<unsigned char> profile = [] {
        std::unique_ptr<void, decltype(&cmsCloseProfile)> handle(cmsCreate_sRGBProfile(), cmsCloseProfile);
        cmsUInt32Number size = 0;
        cmsSaveProfileToMem(handle.get(), nullptr, &size);
        std::vector<unsigned char> bytes(size);
        if (size == 0 || !cmsSaveProfileToMem(handle.get(), bytes.data(), &size))
            bytes.clear();
        return bytes;
    }();
    return profile;
}

std::vector<unsigned char> encodePng(const cv::Mat& rgb, bool sixteenBit, double dpi)
{
    std::vector<unsigned char> png = encodeWith(".png", toBgr(rgb, sixteenBit), {});
    // Our chunks go right after IHDR (8-byte signature + 25-byte IHDR chunk):
    // both must come before the image data.
    constexpr std::size_t afterHeader = 33;
    std::vector<unsigned char> extra = pngChunk("sRGB", {0}); // perceptual intent
    if (dpi > 0) {
        std::vector<unsigned char> phys(9);
        const auto perMetre = std::uint32_t(std::lround(dpi / kMetresPerInch));
        storeBigEndian32(phys.data(), perMetre);
        storeBigEndian32(phys.data() + 4, perMetre);
        phys[8] = 1; // unit: metre
        const std::vector<unsigned char> chunk = pngChunk("pHYs", phys);
        extra.insert(extra.end(), chunk.begin(), chunk.end());
    }
    png.insert(png.begin() + afterHeader, extra.begin(), extra.end());
    return png;
}

std::vector<unsigned char> encodeJpeg(const cv::Mat& rgb, int quality, double dpi)
{
    std::vector<unsigned char> jpeg =
        encodeWith(".jpg", toBgr(rgb, false), {cv::IMWRITE_JPEG_QUALITY, std::clamp(quality, 1, 100)});
    // libjpeg starts with SOI and a JFIF APP0 segment whose density fields sit
    // at fixed offsets: units at 13, X density at 14, Y density at 16.
    const bool jfif = jpeg.size() > 20 && jpeg[2] == 0xFF && jpeg[3] == 0xE0 && std::memcmp(&jpeg[6], "JFIF", 5) == 0;
    if (!jfif)
        throw Error(ErrorKind::Io, {}, "the JPEG encoder wrote no JFIF header");
    std::size_t insertAt = 4 + (std::size_t(jpeg[4]) << 8 | jpeg[5]);
    if (dpi > 0) {
        const auto density = std::uint16_t(std::clamp(std::lround(dpi), 1L, 65535L));
        jpeg[13] = 1; // dots per inch
        jpeg[14] = jpeg[16] = static_cast<unsigned char>(density >> 8);
        jpeg[15] = jpeg[17] = static_cast<unsigned char>(density & 0xFF);
    }
    // ICC profiles travel in APP2 segments tagged ICC_PROFILE; the sRGB one fits in one.
    const std::vector<unsigned char>& icc = srgbProfile();
    static const char tag[] = "ICC_PROFILE";
    const std::size_t length = 2 + sizeof tag + 2 + icc.size();
    std::vector<unsigned char> app2(2 + length);
    app2[0] = 0xFF;
    app2[1] = 0xE2;
    app2[2] = static_cast<unsigned char>(length >> 8);
    app2[3] = static_cast<unsigned char>(length & 0xFF);
    std::memcpy(app2.data() + 4, tag, sizeof tag);
    app2[4 + sizeof tag] = 1;     // this segment's number
    app2[5 + sizeof tag] = 1;     // of one
    if (!icc.empty())
        std::memcpy(app2.data() + 6 + sizeof tag, icc.data(), icc.size());
    if (!icc.empty() && length <= 0xFFFF)
        jpeg.insert(jpeg.begin() + std::ptrdiff_t(insertAt), app2.begin(), app2.end());
    return jpeg;
}

std::vector<unsigned char> encodeWebp(const cv::Mat& rgb, int quality)
{
    // OpenCV's WebP encoder is lossless above 100 only.
    const int level = quality >= 100 ? 101 : std::max(quality, 1);
    return encodeWith(".webp", toBgr(rgb, false), {cv::IMWRITE_WEBP_QUALITY, level});
}

void writeTiff(const std::string& path, const cv::Mat& rgb, bool sixteenBit, double dpi)
{
    cv::Mat pixels;
    rgb.convertTo(pixels, sixteenBit ? CV_16UC3 : CV_8UC3, sixteenBit ? 65535.0 : 255.0);
    std::unique_ptr<TIFF, decltype(&TIFFClose)> tiff(TIFFOpen(path.c_str(), "w"), TIFFClose);
    if (!tiff)
        throw Error(ErrorKind::Io, path, "could not create the TIFF file",
                    "Check that the folder exists, is writable and has free space");
    TIFF* t = tiff.get();
    TIFFSetField(t, TIFFTAG_IMAGEWIDTH, std::uint32_t(pixels.cols));
    TIFFSetField(t, TIFFTAG_IMAGELENGTH, std::uint32_t(pixels.rows));
    TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, 3);
    TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, sixteenBit ? 16 : 8);
    TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_RGB);
    TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(t, TIFFTAG_ORIENTATION, ORIENTATION_TOPLEFT);
    TIFFSetField(t, TIFFTAG_COMPRESSION, COMPRESSION_LZW);
    TIFFSetField(t, TIFFTAG_PREDICTOR, PREDICTOR_HORIZONTAL); // LZW compresses differences of smooth pixels far better
    TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, TIFFDefaultStripSize(t, 0));
    TIFFSetField(t, TIFFTAG_SOFTWARE, "Brushwork");
    if (dpi > 0) {
        TIFFSetField(t, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
        TIFFSetField(t, TIFFTAG_XRESOLUTION, float(dpi));
        TIFFSetField(t, TIFFTAG_YRESOLUTION, float(dpi));
    }
    const std::vector<unsigned char>& icc = srgbProfile();
    if (!icc.empty())
        TIFFSetField(t, TIFFTAG_ICCPROFILE, std::uint32_t(icc.size()), icc.data());
    for (int row = 0; row < pixels.rows; ++row)
        if (TIFFWriteScanline(t, pixels.ptr(row), std::uint32_t(row), 0) < 0)
            throw Error(ErrorKind::Io, path, "could not write the TIFF file",
                        "Check that the disk has free space");
    // Closing flushes the last strips and the directory; a full disk shows here.
    if (!TIFFFlush(t))
        throw Error(ErrorKind::Io, path, "could not finish the TIFF file", "Check that the disk has free space");
}

} // namespace brushwork
