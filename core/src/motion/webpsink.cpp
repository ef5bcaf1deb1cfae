// SPDX-License-Identifier: GPL-3.0-or-later
// An animated WebP written with libwebp's animation encoder, looping forever or playing once.
// The encoder keeps the compressed frames until the file is assembled.
#include "motion/clipsinks.h"

#include "brushwork/atomicfile.h"
#include "brushwork/error.h"

#include <webp/encode.h>
#include <webp/mux.h>

#include <cmath>

namespace brushwork {
namespace {

struct EncoderCloser {
    void operator()(WebPAnimEncoder* encoder) const { WebPAnimEncoderDelete(encoder); }
};

class WebpSink : public FrameSink {
public:
    WebpSink(const std::string& path, cv::Size size, double fps, bool loop) : mPath(path), mSize(size), mFps(fps)
    {
        if (size.width > WEBP_MAX_DIMENSION || size.height > WEBP_MAX_DIMENSION)
            throw Error(ErrorKind::Usage, path, "a WebP's frames are at most 16383 pixels on a side");
        mCodec = "WebP";
        WebPAnimEncoderOptions options;
        if (!WebPAnimEncoderOptionsInit(&options))
            fail("the encoder's version does not match");
        options.anim_params.loop_count = loop ? 0 : 1; // 0: forever
        mEncoder.reset(WebPAnimEncoderNew(size.width, size.height, &options));
        if (!mEncoder)
            fail("the encoder could not be made");
    }

    void write(const cv::Mat& rgb) override
    {
        CV_Assert(rgb.size() == mSize);
        const cv::Mat rgb8 = toRgb8(rgb);
        WebPConfig config;
        WebPPicture picture;
        if (!WebPConfigInit(&config) || !WebPPictureInit(&picture))
            fail("the encoder's version does not match");
        config.quality = 90;
        picture.use_argb = 1;
        picture.width = mSize.width;
        picture.height = mSize.height;
        const bool added = WebPPictureImportRGB(&picture, rgb8.data, int(rgb8.step)) &&
                           WebPAnimEncoderAdd(mEncoder.get(), &picture, timestamp(mWritten), &config);
        WebPPictureFree(&picture);
        if (!added)
            fail(WebPAnimEncoderGetError(mEncoder.get()));
        ++mWritten;
    }

    void finish() override
    {
        WebPData data;
        WebPDataInit(&data);
        if (!WebPAnimEncoderAdd(mEncoder.get(), nullptr, timestamp(mWritten), nullptr) ||
            !WebPAnimEncoderAssemble(mEncoder.get(), &data))
            fail(WebPAnimEncoderGetError(mEncoder.get()));
        try {
            writeFileAtomically(mPath, "the clip", data.bytes, data.size);
        } catch (...) {
            WebPDataClear(&data);
            throw;
        }
        WebPDataClear(&data);
    }

private:
    int timestamp(int frame) const { return int(std::lround(frame * 1000.0 / mFps)); }

    [[noreturn]] void fail(const std::string& why) const
    {
        throw Error(ErrorKind::Io, mPath, "could not write the WebP (" + why + ")");
    }

    std::string mPath;
    cv::Size mSize;
    double mFps;
    std::unique_ptr<WebPAnimEncoder, EncoderCloser> mEncoder;
    int mWritten = 0;
};

} // namespace

std::unique_ptr<FrameSink> openWebpSink(const std::string& path, cv::Size size, double fps, bool loop)
{
    return std::make_unique<WebpSink>(path, size, fps, loop);
}

} // namespace brushwork
