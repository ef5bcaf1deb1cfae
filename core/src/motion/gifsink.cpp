// SPDX-License-Identifier: GPL-3.0-or-later
// An animated GIF written with giflib: each frame quantised to its own 256
// colours (giflib's median cut), looping forever or playing once.
#include "motion/clipsinks.h"

#include "brushwork/error.h"

#include <gif_lib.h>

#include <cmath>

namespace brushwork {
namespace {

class GifSink : public FrameSink {
public:
    GifSink(const std::string& path, cv::Size size, double fps, bool loop)
        : mPath(path), mTemporary(path, ".gif", false), mSize(size)
    {
        if (size.width > 65535 || size.height > 65535)
            throw Error(ErrorKind::Usage, path, "a GIF's frames are at most 65535 pixels on a side");
        mCodec = "GIF";
        // GIF counts time in hundredths of a second.
        mDelay = std::max(1, int(std::lround(100.0 / fps)));
        int error = 0;
        mGif = EGifOpenFileName(mTemporary.path().c_str(), true, &error);
        if (!mGif)
            fail(error);
        EGifSetGifVersion(mGif, true);
        if (EGifPutScreenDesc(mGif, size.width, size.height, 8, 0, nullptr) == GIF_ERROR)
            fail(mGif->Error);
        // NETSCAPE2.0: loop forever; without it a GIF plays once.
        const GifByteType forever[] = {1, 0, 0};
        if (loop && (EGifPutExtensionLeader(mGif, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
            EGifPutExtensionBlock(mGif, 11, "NETSCAPE2.0") == GIF_ERROR ||
            EGifPutExtensionBlock(mGif, 3, forever) == GIF_ERROR || EGifPutExtensionTrailer(mGif) == GIF_ERROR))
            fail(mGif->Error);
    }

    ~GifSink() override { close(); }

    void write(const cv::Mat& rgb) override
    {
        CV_Assert(rgb.size() == mSize);
        const cv::Mat rgb8 = toRgb8(rgb);
        const std::size_t pixels = rgb8.total();
        std::vector<GifByteType> red(pixels), green(pixels), blue(pixels), indices(pixels);
        for (std::size_t i = 0; i < pixels; ++i) {
            const cv::Vec3b& p = rgb8.at<cv::Vec3b>(int(i / std::size_t(mSize.width)), int(i % std::size_t(mSize.width)));
            red[i] = p[0];
            green[i] = p[1];
            blue[i] = p[2];
        }
        int colourCount = 256;
        std::vector<GifColorType> colours(256);
        if (GifQuantizeBuffer(unsigned(mSize.width), unsigned(mSize.height), &colourCount, red.data(), green.data(),
                              blue.data(), indices.data(), colours.data()) == GIF_ERROR)
            throw Error(ErrorKind::Io, mPath, "giflib could not reduce a frame to 256 colours");
        ColorMapObject* map = GifMakeMapObject(256, colours.data());
        GraphicsControlBlock control{DISPOSAL_UNSPECIFIED, false, mDelay, NO_TRANSPARENT_COLOR};
        GifByteType extension[4];
        const std::size_t length = EGifGCBToExtension(&control, extension);
        bool written = EGifPutExtension(mGif, GRAPHICS_EXT_FUNC_CODE, int(length), extension) != GIF_ERROR &&
                       EGifPutImageDesc(mGif, 0, 0, mSize.width, mSize.height, false, map) != GIF_ERROR;
        for (int y = 0; written && y < mSize.height; ++y)
            written = EGifPutLine(mGif, indices.data() + std::size_t(y) * std::size_t(mSize.width), mSize.width) !=
                      GIF_ERROR;
        GifFreeMapObject(map);
        if (!written)
            fail(mGif->Error);
    }

    void finish() override
    {
        int error = 0;
        GifFileType* gif = mGif;
        mGif = nullptr;
        if (EGifCloseFile(gif, &error) == GIF_ERROR)
            fail(error);
        mTemporary.commit();
    }

private:
    [[noreturn]] void fail(int error) const
    {
        throw Error(ErrorKind::Io, mPath, std::string("could not write the GIF (") + GifErrorString(error) + ")",
                    "Check that the disk has room");
    }

    void close()
    {
        if (mGif) {
            int error = 0;
            EGifCloseFile(mGif, &error);
            mGif = nullptr;
        }
    }

    std::string mPath;
    TemporaryTarget mTemporary;
    cv::Size mSize;
    int mDelay = 4;
    GifFileType* mGif = nullptr;
};

} // namespace

std::unique_ptr<FrameSink> openGifSink(const std::string& path, cv::Size size, double fps, bool loop)
{
    return std::make_unique<GifSink>(path, size, fps, loop);
}

} // namespace brushwork
