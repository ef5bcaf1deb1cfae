// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/cliprecode.h"

#include "brushwork/error.h"
#include "brushwork/framesink.h"
#include "brushwork/framesource.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <memory>

namespace brushwork {

ClipRecodeResult recodeClip(const std::string& input, const std::string& output, const ClipRecodeOptions& options)
{
    if (options.longSide != 0 && (options.longSide < 16 || options.longSide > 16384))
        throw Error(ErrorKind::Usage, output, "a clip's frames must be 16 to 16384 pixels on the long side");
    if (options.fps != 0 && !(options.fps >= 0.1 && options.fps <= 1000))
        throw Error(ErrorKind::Usage, output, "the frame rate must be from 0.1 to 1000 frames a second");
    std::unique_ptr<FrameSource> source = openFrameSource(input);
    const ClipInfo& info = source->info();
    const double sourceFps = info.fps > 0 ? info.fps : options.sourceFps;
    ClipRecodeResult result;
    result.fps = options.fps > 0 ? options.fps : sourceFps;
    const double scale = options.longSide > 0 ? double(options.longSide) / std::max(info.width, info.height) : 1.0;
    // The video encoders' 4:2:0 colour needs even sides.
    result.width = std::max(2, int(std::lround(info.width * scale)) / 2 * 2);
    result.height = std::max(2, int(std::lround(info.height * scale)) / 2 * 2);
    const cv::Size size(result.width, result.height);
    std::unique_ptr<FrameSink> sink = openFrameSink(output, size, result.fps, options.loop);
    cv::Mat frame, resized;
    for (int read = 0; source->next(frame); ++read) {
        // Output frame k shows the frame read at k / fps seconds: none, one
        // or several outputs per frame read, as paintClip resamples.
        bool sized = false;
        while (int(std::floor(result.frames * sourceFps / result.fps + 1e-9)) == read) {
            if (!sized) {
                cv::resize(frame, resized, size, 0, 0, cv::INTER_AREA);
                sized = true;
            }
            sink->write(resized);
            ++result.frames;
        }
    }
    if (result.frames == 0)
        throw Error(ErrorKind::BadInput, input, "the clip has no frame to write");
    sink->finish();
    result.codec = sink->codec();
    if (!options.soundFrom.empty())
        result.sound = carrySound(options.soundFrom, output, {0, result.frames / result.fps});
    return result;
}

} // namespace brushwork
