// SPDX-License-Identifier: GPL-3.0-or-later
// An animated GIF read frame by frame with giflib: each image is decoded
// line by line onto the screen (its transparent pixels keep what is
// under them), then disposed of as its graphics control block says.
#include "motion/clipsources.h"

#include "brushwork/error.h"
#include "brushwork/image.h"

#include <gif_lib.h>

#include <algorithm>

namespace brushwork {
namespace {

constexpr const char* kGifHint = "Use a complete copy of the GIF, or convert it to a video";

struct GifCloser {
    void operator()(GifFileType* gif) const
    {
        int error = 0;
        DGifCloseFile(gif, &error);
    }
};

class GifSource : public FirstFrameReadSource {
public:
    explicit GifSource(const std::string& path) : mPath(path)
    {
        checkInputFile(path, kGifInput);
        int error = 0;
        mGif.reset(DGifOpenFileName(path.c_str(), &error));
        if (!mGif)
            throw Error(ErrorKind::BadInput, path, std::string("not a GIF giflib can read (") + GifErrorString(error) + ")",
                        kGifHint);
        mInfo.kind = "GIF";
        mInfo.width = mGif->SWidth;
        mInfo.height = mGif->SHeight;
        checkClipHeader(path, mInfo.kind, mInfo.width, mInfo.height, 0);
        // A painting's paper: what shows through a transparent first frame,
        // as pictures with transparency are read.
        mScreen = cv::Mat(mInfo.height, mInfo.width, CV_8UC3, cv::Scalar::all(255));
        readFirstFrame(path);
        mInfo.fps = mFirstDelay > 1 ? 100.0 / mFirstDelay : 10.0; // 0 and 1 play as 10 a second in browsers
    }

private:
    [[noreturn]] void damaged(const std::string& what) const
    {
        throw Error(ErrorKind::BadInput, mPath,
                    "frame " + std::to_string(mRead + 1) + " of the GIF is damaged (" + what + ": " +
                        GifErrorString(mGif->Error) + ")",
                    kGifHint);
    }

    bool readFrame(cv::Mat& rgb) override
    {
        GraphicsControlBlock control{DISPOSAL_UNSPECIFIED, false, 0, NO_TRANSPARENT_COLOR};
        for (;;) {
            GifRecordType record;
            if (DGifGetRecordType(mGif.get(), &record) == GIF_ERROR)
                damaged("record");
            if (record == TERMINATE_RECORD_TYPE)
                return false;
            if (record == EXTENSION_RECORD_TYPE) {
                int code = 0;
                GifByteType* block = nullptr;
                if (DGifGetExtension(mGif.get(), &code, &block) == GIF_ERROR)
                    damaged("extension");
                if (code == GRAPHICS_EXT_FUNC_CODE && block && block[0] >= 4)
                    DGifExtensionToGCB(block[0], block + 1, &control);
                while (block)
                    if (DGifGetExtensionNext(mGif.get(), &block) == GIF_ERROR)
                        damaged("extension");
                continue;
            }
            if (record != IMAGE_DESC_RECORD_TYPE)
                continue;
            if (DGifGetImageDesc(mGif.get()) == GIF_ERROR)
                damaged("image descriptor");
            if (++mRead > kMaxClipFrames)
                checkClipHeader(mPath, mInfo.kind, mInfo.width, mInfo.height, mRead);
            if (mRead == 1)
                mFirstDelay = control.DelayTime;
            drawImage(control);
            cv::Mat screen;
            mScreen.convertTo(screen, CV_32FC3, 1.0 / 255.0);
            rgb = screen;
            dispose(control);
            return true;
        }
    }

    void drawImage(const GraphicsControlBlock& control)
    {
        const GifImageDesc& image = mGif->Image;
        if (image.Width <= 0 || image.Height <= 0 ||
            double(image.Width) * double(image.Height) > double(kMaxClipFramePixels))
            damaged("an image of " + std::to_string(image.Width) + " × " + std::to_string(image.Height) + " pixels");
        const ColorMapObject* colours = image.ColorMap ? image.ColorMap : mGif->SColorMap;
        if (!colours)
            damaged("no colour table");
        const cv::Rect area(image.Left, image.Top, image.Width, image.Height);
        if (control.DisposalMode == DISPOSE_PREVIOUS)
            mScreen.copyTo(mBeforeImage);
        mLastArea = area & cv::Rect(0, 0, mInfo.width, mInfo.height);
        std::vector<GifPixelType> line(std::size_t(image.Width));
        // Interlaced images come in four passes of rows.
        const int starts[] = {0, 4, 2, 1};
        const int steps[] = {8, 8, 4, 2};
        const int passes = image.Interlace ? 4 : 1;
        for (int pass = 0; pass < passes; ++pass) {
            const int step = image.Interlace ? steps[pass] : 1;
            for (int row = image.Interlace ? starts[pass] : 0; row < image.Height; row += step) {
                if (DGifGetLine(mGif.get(), line.data(), image.Width) == GIF_ERROR)
                    damaged("pixels");
                const int y = image.Top + row;
                if (y < 0 || y >= mInfo.height)
                    continue;
                cv::Vec3b* out = mScreen.ptr<cv::Vec3b>(y);
                for (int column = 0; column < image.Width; ++column) {
                    const int x = image.Left + column;
                    const int index = line[std::size_t(column)];
                    if (x < 0 || x >= mInfo.width || index == control.TransparentColor || index >= colours->ColorCount)
                        continue;
                    const GifColorType& c = colours->Colors[index];
                    out[x] = cv::Vec3b(c.Red, c.Green, c.Blue);
                }
            }
        }
    }

    void dispose(const GraphicsControlBlock& control)
    {
        if (control.DisposalMode == DISPOSE_BACKGROUND && mLastArea.area() > 0)
            mScreen(mLastArea).setTo(cv::Scalar::all(255));
        else if (control.DisposalMode == DISPOSE_PREVIOUS && !mBeforeImage.empty())
            mBeforeImage.copyTo(mScreen);
    }

    std::string mPath;
    std::unique_ptr<GifFileType, GifCloser> mGif;
    cv::Mat mScreen;      ///< CV_8UC3 RGB, what the GIF shows now
    cv::Mat mBeforeImage; ///< the screen before an image disposed of "to previous"
    cv::Rect mLastArea;
    int mRead = 0;
    int mFirstDelay = 0;
};

} // namespace

std::unique_ptr<FrameSource> openGif(const std::string& path)
{
    return std::make_unique<GifSource>(path);
}

} // namespace brushwork
