// SPDX-License-Identifier: GPL-3.0-or-later
// An animated (or still) WebP read frame by frame with libwebp's animation
// decoder, which composes each frame onto the canvas as the file says.
#include "motion/clipsources.h"

#include "brushwork/error.h"
#include "brushwork/image.h"

#include <webp/demux.h>

#include <cstring>

namespace brushwork {
namespace {

constexpr const char* kWebpHint = "Use a complete copy of the WebP, or convert it to a video";

struct DecoderCloser {
    void operator()(WebPAnimDecoder* decoder) const { WebPAnimDecoderDelete(decoder); }
};

class WebpSource : public FirstFrameReadSource {
public:
    explicit WebpSource(const std::string& path) : mPath(path), mBytes(readInputFile(path, kAnimatedWebpInput))
    {
        mInfo.kind = "WebP";
        const WebPData data{mBytes.data(), mBytes.size()};
        // The canvas size and frame count first: the decoder allocates the
        // canvas as soon as it is made. VP8X declares the canvas (its sides
        // less one, 24 bits each); an absurd one is named as such before
        // libwebp's demuxer, which calls some of them mere damage, sees it.
        const unsigned char* b = mBytes.data();
        if (mBytes.size() >= 30 && std::memcmp(b + 12, "VP8X", 4) == 0)
            checkClipHeader(path, mInfo.kind, 1 + (b[24] | b[25] << 8 | b[26] << 16),
                            1 + (b[27] | b[28] << 8 | b[29] << 16), 0);
        WebPDemuxState state = WEBP_DEMUX_PARSING_HEADER;
        WebPDemuxer* demuxer = WebPDemuxPartial(&data, &state);
        if (!demuxer || state != WEBP_DEMUX_DONE) {
            WebPDemuxDelete(demuxer);
            throw Error(ErrorKind::BadInput, path, "not a WebP libwebp can read: the file is truncated or damaged",
                        kWebpHint);
        }
        const long long width = WebPDemuxGetI(demuxer, WEBP_FF_CANVAS_WIDTH);
        const long long height = WebPDemuxGetI(demuxer, WEBP_FF_CANVAS_HEIGHT);
        const long long frames = WebPDemuxGetI(demuxer, WEBP_FF_FRAME_COUNT);
        WebPDemuxDelete(demuxer);
        checkClipHeader(path, mInfo.kind, width, height, frames);
        if (frames <= 0)
            throwNoFrames(path, mInfo.kind);

        WebPAnimDecoderOptions options;
        WebPAnimDecoderOptionsInit(&options);
        options.color_mode = MODE_RGBA;
        options.use_threads = 0;
        mDecoder.reset(WebPAnimDecoderNew(&data, &options));
        WebPAnimInfo info;
        if (!mDecoder || !WebPAnimDecoderGetInfo(mDecoder.get(), &info))
            throw Error(ErrorKind::BadInput, path, "the WebP animation cannot be decoded: it is damaged", kWebpHint);
        mInfo.width = int(info.canvas_width);
        mInfo.height = int(info.canvas_height);
        mInfo.frameCount = int(info.frame_count);
        readFirstFrame(path);
        // The first frame's duration; a still WebP plays at 25 a second.
        mInfo.fps = mFirstDuration > 0 ? 1000.0 / mFirstDuration : 25.0;
    }

private:
    bool readFrame(cv::Mat& rgb) override
    {
        if (!WebPAnimDecoderHasMoreFrames(mDecoder.get()))
            return false;
        std::uint8_t* pixels = nullptr;
        int timestamp = 0;
        if (!WebPAnimDecoderGetNext(mDecoder.get(), &pixels, &timestamp))
            throw Error(ErrorKind::BadInput, mPath,
                        "frame " + std::to_string(mRead + 1) + " of the WebP cannot be decoded: it is damaged",
                        kWebpHint);
        if (++mRead == 1)
            mFirstDuration = timestamp;
        // Transparent pixels go onto white, as pictures with transparency are read.
        const cv::Mat rgba(mInfo.height, mInfo.width, CV_8UC4, pixels);
        rgb.create(mInfo.height, mInfo.width, CV_32FC3);
        for (int y = 0; y < rgba.rows; ++y) {
            const cv::Vec4b* in = rgba.ptr<cv::Vec4b>(y);
            cv::Vec3f* out = rgb.ptr<cv::Vec3f>(y);
            for (int x = 0; x < rgba.cols; ++x) {
                const float alpha = in[x][3] / 255.0f;
                for (int c = 0; c < 3; ++c)
                    out[x][c] = in[x][c] / 255.0f * alpha + (1.0f - alpha);
            }
        }
        return true;
    }

    std::string mPath;
    std::vector<unsigned char> mBytes; ///< the decoder reads from them
    std::unique_ptr<WebPAnimDecoder, DecoderCloser> mDecoder;
    int mRead = 0;
    int mFirstDuration = 0;
};

} // namespace

std::unique_ptr<FrameSource> openAnimatedWebp(const std::string& path)
{
    return std::make_unique<WebpSource>(path);
}

} // namespace brushwork
