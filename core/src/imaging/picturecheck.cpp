// SPDX-License-Identifier: GPL-3.0-or-later
#include "imaging/picturecheck.h"

#include "brushwork/error.h"
#include "imaging/imageheader.h"

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <csetjmp>
#include <vector>

#include <jpeglib.h>
#include <tiffio.h>

namespace brushwork {
namespace {

[[noreturn]] void damaged(const std::string& name, const std::string& reason)
{
    throw Error(ErrorKind::BadInput, name, "the picture is damaged: " + reason,
                "Export it again from the program that made it");
}

// ---- JPEG: libjpeg reads the header and every scan, as the decoder will.

struct JpegGuard {
    jpeg_error_mgr errors{};
    jpeg_progress_mgr progress{};
    std::jmp_buf jump{};
    char message[JMSG_LENGTH_MAX] = {};
    bool tooManyScans = false;
};

JpegGuard& guardOf(j_common_ptr info)
{
    return *reinterpret_cast<JpegGuard*>(info->client_data);
}

void jpegFail(j_common_ptr info)
{
    (*info->err->format_message)(info, guardOf(info).message);
    std::longjmp(guardOf(info).jump, 1);
}

// libjpeg goes on after a warning (a file cut short is padded with grey);
// a warning is damage here.
void jpegMessage(j_common_ptr info, int level)
{
    if (level < 0)
        jpegFail(info);
}

void jpegProgress(j_common_ptr info)
{
    if (info->is_decompressor && reinterpret_cast<j_decompress_ptr>(info)->input_scan_number > kMaxJpegScans) {
        guardOf(info).tooManyScans = true;
        std::longjmp(guardOf(info).jump, 1);
    }
}

/// Plain C inside: nothing with a destructor lives across the longjmp.
/// Returns false with guard.message or guard.tooManyScans set.
bool readJpeg(const std::uint8_t* data, std::size_t size, JpegGuard& guard, PictureSize& result,
              std::uint64_t maxPixels, bool& tooLarge, unsigned char* row, std::size_t rowBytes)
{
    jpeg_decompress_struct info;
    std::memset(&info, 0, sizeof info);
    info.err = jpeg_std_error(&guard.errors);
    guard.errors.error_exit = jpegFail;
    guard.errors.emit_message = jpegMessage;
    info.client_data = &guard;
    if (setjmp(guard.jump)) {
        jpeg_destroy_decompress(&info);
        return false;
    }
    jpeg_create_decompress(&info);
    guard.progress.progress_monitor = jpegProgress;
    info.progress = &guard.progress;
    jpeg_mem_src(&info, data, static_cast<unsigned long>(size));
    jpeg_read_header(&info, TRUE);
    result = {info.image_width, info.image_height};
    if (result.width * result.height > maxPixels || result.width == 0 || result.height == 0) {
        tooLarge = true;
        jpeg_destroy_decompress(&info);
        return true;
    }
    // The entropy-coded data is read in full; at 1/8 size the rest is cheap.
    info.scale_num = 1;
    info.scale_denom = 8;
    info.dct_method = JDCT_IFAST;
    info.do_fancy_upsampling = FALSE;
    info.out_color_space = JCS_GRAYSCALE;
    if (info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK)
        info.out_color_space = JCS_CMYK;
    jpeg_start_decompress(&info);
    if (std::size_t(info.output_width) * std::size_t(info.output_components) > rowBytes) {
        std::snprintf(guard.message, sizeof guard.message, "a row is longer than its header says");
        jpeg_destroy_decompress(&info);
        return false;
    }
    while (info.output_scanline < info.output_height) {
        JSAMPROW rows[] = {row};
        jpeg_read_scanlines(&info, rows, 1);
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    return true;
}

PictureSize checkJpeg(const std::uint8_t* data, std::size_t size, const std::string& name, std::uint64_t maxPixels,
                      bool& tooLarge)
{
    // 65535 px at 1/8 size, 4 components: enough for any row libjpeg gives back.
    std::vector<unsigned char> row(std::size_t(65535 / 8 + 1) * 4);
    JpegGuard guard;
    PictureSize result;
    if (!readJpeg(data, size, guard, result, maxPixels, tooLarge, row.data(), row.size())) {
        if (guard.tooManyScans)
            throw Error(ErrorKind::BadInput, name,
                        "the JPEG has more than " + std::to_string(kMaxJpegScans) +
                            " scans, which would take minutes to decode",
                        "Save it again as an ordinary (baseline or progressive) JPEG");
        damaged(name, guard.message);
    }
    return result;
}

// ---- TIFF: libtiff reads the first directory, as OpenCV's decoder does.

struct MemoryTiff {
    const std::uint8_t* data;
    std::size_t size;
    toff_t at = 0;
    std::string problem;
};

tmsize_t tiffRead(thandle_t handle, void* buffer, tmsize_t count)
{
    auto& file = *static_cast<MemoryTiff*>(handle);
    if (count < 0 || file.at >= file.size)
        return 0;
    const std::size_t n = std::min<std::size_t>(std::size_t(count), file.size - std::size_t(file.at));
    std::memcpy(buffer, file.data + file.at, n);
    file.at += n;
    return tmsize_t(n);
}

tmsize_t tiffWrite(thandle_t, void*, tmsize_t)
{
    return 0;
}

toff_t tiffSeek(thandle_t handle, toff_t offset, int whence)
{
    auto& file = *static_cast<MemoryTiff*>(handle);
    const toff_t base = whence == SEEK_CUR ? file.at : whence == SEEK_END ? toff_t(file.size) : 0;
    file.at = base + offset;
    return file.at;
}

int tiffClose(thandle_t)
{
    return 0;
}

toff_t tiffSize(thandle_t handle)
{
    return static_cast<MemoryTiff*>(handle)->size;
}

int tiffProblem(TIFF*, void* user, const char*, const char* format, va_list args)
{
    auto& file = *static_cast<MemoryTiff*>(user);
    if (file.problem.empty()) {
        char text[256];
        std::vsnprintf(text, sizeof text, format, args);
        file.problem = text;
    }
    return 1;
}

int tiffIgnore(TIFF*, void*, const char*, const char*, va_list)
{
    return 1;
}

std::uint64_t roundUp16(std::uint64_t value)
{
    return (value + 15) / 16 * 16;
}

PictureSize checkTiff(const std::uint8_t* data, std::size_t size, const std::string& name)
{
    MemoryTiff file{data, size, 0, {}};
    TIFFOpenOptions* options = TIFFOpenOptionsAlloc();
    TIFFOpenOptionsSetErrorHandlerExtR(options, tiffProblem, &file);
    TIFFOpenOptionsSetWarningHandlerExtR(options, tiffIgnore, &file);
    TIFFOpenOptionsSetMaxSingleMemAlloc(options, tmsize_t(256) << 20);
    TIFF* tiff = TIFFClientOpenExt(name.c_str(), "rm", &file, tiffRead, tiffWrite, tiffSeek, tiffClose, tiffSize,
                                   nullptr, nullptr, options);
    TIFFOpenOptionsFree(options);
    if (!tiff)
        damaged(name, file.problem.empty() ? "libtiff cannot read its header" : file.problem);
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::uint16_t bits = 8;
    std::uint16_t samples = 1;
    TIFFGetField(tiff, TIFFTAG_IMAGEWIDTH, &width);
    TIFFGetField(tiff, TIFFTAG_IMAGELENGTH, &height);
    TIFFGetFieldDefaulted(tiff, TIFFTAG_BITSPERSAMPLE, &bits);
    TIFFGetFieldDefaulted(tiff, TIFFTAG_SAMPLESPERPIXEL, &samples);
    std::uint32_t pieceWidth = width;
    std::uint32_t pieceHeight = height;
    if (TIFFIsTiled(tiff)) {
        TIFFGetField(tiff, TIFFTAG_TILEWIDTH, &pieceWidth);
        TIFFGetField(tiff, TIFFTAG_TILELENGTH, &pieceHeight);
    } else if (std::uint32_t rows = 0; TIFFGetField(tiff, TIFFTAG_ROWSPERSTRIP, &rows) && rows != 0xFFFFFFFFu) {
        pieceHeight = rows;
    }
    TIFFClose(tiff);
    // The decoder allocates one tile or strip at a time; one far larger than
    // the picture is how a few hundred bytes ask for gigabytes.
    const std::uint64_t pieceBytes =
        std::uint64_t(pieceWidth) * pieceHeight * samples * std::max<std::uint64_t>(1, bits / 8);
    const bool pieceFits = pieceWidth <= roundUp16(width) && pieceHeight <= roundUp16(height);
    if (!pieceFits && pieceBytes > (16u << 20))
        damaged(name, "its tiles or strips (" + std::to_string(pieceWidth) + " × " + std::to_string(pieceHeight) +
                          " pixels) are larger than the picture");
    return {width, height};
}

// ---- BMP: uncompressed rows must all be in the file.

void checkBmpRows(const std::uint8_t* data, std::size_t size, const std::string& name, const PictureSize& picture)
{
    auto little = [&](std::size_t at, int bytes) {
        std::uint32_t value = 0;
        for (int i = bytes - 1; i >= 0; --i)
            value = value << 8 | (at + std::size_t(i) < size ? data[at + std::size_t(i)] : 0);
        return value;
    };
    const std::uint32_t offset = little(10, 4);
    const bool core = little(14, 4) == 12;
    const std::uint32_t bitsPerPixel = little(core ? 24 : 28, 2);
    const std::uint32_t compression = core ? 0 : little(30, 4);
    if (compression != 0 && compression != 3) // run-length data is checked by the decoder as it goes
        return;
    const std::uint64_t stride = (picture.width * bitsPerPixel + 31) / 32 * 4;
    if (std::uint64_t(offset) + stride * picture.height > size)
        damaged(name, "the file is cut short (its pixel rows are missing)");
}

} // namespace

PictureSize checkPicture(const std::uint8_t* data, std::size_t size, const std::string& name, std::uint64_t maxPixels)
{
    const auto format = imageFormat(data, size);
    if (!format || *format == ImageFormat::Gif)
        throw Error(ErrorKind::BadInput, name, "not a picture Brushwork can read, or the file is damaged",
                    kReadablePictures);
    bool tooLarge = false;
    PictureSize picture;
    switch (*format) {
    case ImageFormat::Jpeg:
        picture = checkJpeg(data, size, name, maxPixels, tooLarge);
        break;
    case ImageFormat::Tiff:
        picture = checkTiff(data, size, name);
        break;
    default:
        if (const auto header = imageHeaderSize(data, size))
            picture = {header->width, header->height};
        else
            damaged(name, "its header cannot be read");
        break;
    }
    if (picture.width == 0 || picture.height == 0)
        throw Error(ErrorKind::BadInput, name, "the picture's header says it has no pixels", kReadablePictures);
    if (picture.width > maxPixels || picture.height > maxPixels || picture.width * picture.height > maxPixels)
        throw Error(ErrorKind::BadInput, name,
                    "the picture is " + std::to_string(picture.width) + " × " + std::to_string(picture.height) +
                        " pixels, more than the limit of " + std::to_string(maxPixels / 1000000) + " megapixels",
                    "Use a smaller picture, or raise the limit with BRUSHWORK_MAX_PIXELS=N (pixels)");
    if (*format == ImageFormat::Bmp)
        checkBmpRows(data, size, name, picture);
    return picture;
}

} // namespace brushwork
