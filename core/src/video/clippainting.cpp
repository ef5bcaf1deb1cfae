// SPDX-License-Identifier: GPL-3.0-or-later
// The clip's frames in order: read, chosen (--frames, --fps), painted with
// the previous painted frame warped along the motion, kept; then the clip.
#include "brushwork/clippainting.h"

#include "video/framepainter.h"
#include "video/keptframes.h"

#include "brushwork/error.h"
#include "brushwork/framesink.h"
#include "brushwork/framesource.h"
#include "brushwork/image.h"
#include "brushwork/instantstyle.h"
#include "brushwork/memorybudget.h"
#include "brushwork/opticalflow.h"
#include "brushwork/soundtrack.h"

#include <opencv2/imgproc.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <sstream>

namespace brushwork {
namespace {

namespace fs = std::filesystem;

/// A folder of frames plays at this rate unless told otherwise.
constexpr double kDefaultFps = 25.0;

void validate(const ClipOptions& options)
{
    if (options.size < 16 || options.size > 16384)
        throw Error(ErrorKind::Usage, {}, "a clip's frames must be 16 to 16384 pixels on the long side");
    if (options.firstFrame < 1 || (options.lastFrame != 0 && options.lastFrame < options.firstFrame))
        throw Error(ErrorKind::Usage, {}, "the frames to paint run from a first frame of at least 1 to a last one "
                                          "no earlier");
    if (options.fps != 0 && !(options.fps >= 0.1 && options.fps <= 1000))
        throw Error(ErrorKind::Usage, {}, "the frame rate must be from 0.1 to 1000 frames a second");
    if (!(std::isfinite(options.temporalWeight) && (options.temporalWeight >= 0 || options.temporalWeight == -1)))
        throw Error(ErrorKind::Usage, {}, "the temporal weight must be a finite number of at least 0");
}

/// The painted frames' size: the long side asked for, both sides even (the
/// video encoders' 4:2:0 colour needs it).
cv::Size paintedSize(const ClipInfo& info, int longSide)
{
    const double scale = double(longSide) / std::max(info.width, info.height);
    const int width = std::max(2, int(std::lround(info.width * scale)) / 2 * 2);
    const int height = std::max(2, int(std::lround(info.height * scale)) / 2 * 2);
    return {width, height};
}

/// Everything that shapes the frames: a kept frame is reused only when it
/// was painted from the same recipe.
std::string recipeOf(const std::string& input, const std::vector<std::string>& paintings, const ClipOptions& o,
                     double fps)
{
    std::ostringstream recipe;
    std::error_code error;
    recipe << "input " << fs::absolute(input, error).string() << " " << fs::last_write_time(input, error).time_since_epoch().count()
           << "\n";
    for (const std::string& painting : paintings)
        recipe << "painting " << fs::absolute(painting, error).string() << "\n";
    recipe << "method " << int(o.method) << " size " << o.size << " frames " << o.firstFrame << "-" << o.lastFrame
           << " fps " << fps << " temporal " << o.temporal << " " << o.temporalWeight << " strength " << o.strength
           << " colours " << int(o.colours) << "\nstyle-weights";
    for (float w : o.styleWeights)
        recipe << " " << w;
    const StyleParams& p = o.params;
    recipe << "\nweights " << o.engine.weightsPath << " network " << int(o.engine.network) << " iterations "
           << p.iterations << " content " << p.weights.content << " style " << p.weights.style << " tv " << p.weights.tv
           << " style-scale " << p.styleScale << " optimizer " << int(p.optimizer) << " seed "
           << (p.seed ? std::to_string(*p.seed) : "none") << "\n";
    return recipe.str();
}

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

std::string keptFramesFolder(const std::string& output)
{
    std::string folder = output;
    while (folder.size() > 1 && folder.back() == '/')
        folder.pop_back();
    return folder + ".frames";
}

ClipResult paintClip(const std::string& input, const std::vector<std::string>& paintings, const std::string& output,
                     const ClipOptions& options, RunControl& control, const ClipCallbacks& callbacks)
{
    validate(options);
    const auto notice = [&](const std::string& text) {
        if (callbacks.onNotice)
            callbacks.onNotice(text);
    };
    std::unique_ptr<FrameSource> source = openFrameSource(input);
    const ClipInfo info = source->info();
    // A clip that names no rate plays at --fps when given, without resampling.
    double clipFps = info.fps > 0 ? info.fps : options.fps;
    if (clipFps <= 0) {
        clipFps = kDefaultFps;
        notice("The " + info.kind + " names no frame rate; it plays at 25 frames a second (--fps to change)");
    }
    const double fps = options.fps > 0 ? options.fps : clipFps;
    const cv::Size size = paintedSize(info, options.size);
    // One frame as read, the painted frame, the previous one and its
    // warped copy, the flows and the network's own activations.
    const std::uint64_t frameBytes = std::uint64_t(info.width) * std::uint64_t(info.height) * kPictureBytesPerPixel;
    const std::uint64_t paintedBytes = std::uint64_t(size.area()) * kPictureBytesPerPixel;
    requireMemory("painting " + std::to_string(size.width) + " × " + std::to_string(size.height) + " frames",
                  2 * frameBytes + 8 * paintedBytes + instantStyleBytes(size.width, size.height),
                  options.params.memoryBudget ? options.params.memoryBudget : defaultMemoryBudget(false));

    std::vector<StyleSource> styles;
    for (const std::string& painting : paintings)
        styles.push_back({loadImage(painting), painting});
    const std::unique_ptr<FramePainter> painter = makeFramePainter(styles, options, notice);
    KeptFrames kept(keptFramesFolder(output), recipeOf(input, paintings, options, fps), notice);

    ClipResult result;
    result.fps = fps;
    ClipProgress& progress = result.last;
    progress.resumedFrames = kept.count();
    if (kept.count() > 0)
        notice("Going on after frame " + std::to_string(kept.count()) + ", whose finished frames are kept in " +
               kept.folder());
    if (info.frameCount > 0) {
        const int last = options.lastFrame > 0 ? std::min(options.lastFrame, info.frameCount) : info.frameCount;
        progress.frameCount = std::max(0, int(std::ceil((last - options.firstFrame + 1) * fps / clipFps - 1e-9)));
    }
    const float weight = options.temporalWeight >= 0 ? options.temporalWeight : defaultTemporalWeight(options.method);
    const auto start = std::chrono::steady_clock::now();
    double errorSum = 0;
    int painted = 0;
    cv::Mat frame, content, previousContent, previousPainted;
    int written = 0; // output frames done, kept ones included
    try {
        for (int number = 1; source->next(frame); ++number) {
            if (number < options.firstFrame)
                continue;
            if (options.lastFrame > 0 && number > options.lastFrame)
                break;
            // The clip resampled in time: output frame k shows the frame read
            // at k / fps seconds (none, one or several outputs per frame read).
            const int selected = number - options.firstFrame;
            content.release();
            while (int(std::floor(written * clipFps / fps + 1e-9)) == selected) {
                if (content.empty())
                    cv::resize(frame, content, size, 0, 0, cv::INTER_AREA);
                const int index = written + 1;
                if (index <= kept.count()) {
                    previousPainted.release(); // loaded when the next frame needs it
                } else {
                    // A paused clip waits between frames (the instant network
                    // has no evaluations to wait between).
                    if (!control.waitWhilePaused()) {
                        result.cancelled = true;
                        break;
                    }
                    if (previousPainted.empty() && index > 1)
                        previousPainted = kept.load(index - 1);
                    std::optional<TemporalTarget> previous;
                    FrameMotion motion;
                    if (index > 1 && !previousContent.empty()) {
                        motion = frameMotion(previousContent, content);
                        previous = TemporalTarget{warpAlongFlow(previousPainted, motion.flow), motion.mask, weight};
                    }
                    cv::Mat picture =
                        painter->paint(content, options.temporal && previous ? &*previous : nullptr, control);
                    if (picture.empty() || control.cancelRequested()) {
                        result.cancelled = true;
                        break;
                    }
                    picture = cv::max(cv::min(picture, 1.0), 0.0);
                    kept.keep(index, picture);
                    if (previous) {
                        errorSum += warpingError(picture, previous->picture, motion.mask);
                        ++painted;
                    }
                    previousPainted = picture;
                }
                previousContent = content;
                written = index;
                progress.frame = written;
                progress.seconds = secondsSince(start);
                progress.warpingError = painted ? errorSum / painted : 0;
                if (callbacks.onFrame && index > progress.resumedFrames)
                    callbacks.onFrame(progress);
            }
            if (result.cancelled)
                break;
        }
    } catch (const Error&) {
        if (kept.count() == 0)
            kept.remove();
        throw;
    }
    if (result.cancelled) {
        result.keptFrames = kept.folder();
        return result;
    }
    if (written == 0) {
        kept.remove();
        throw Error(ErrorKind::BadInput, input,
                    "the " + info.kind + " has no frame from " + std::to_string(options.firstFrame) + " on",
                    "Choose frames the clip has (--frames A-B, counted from 1)");
    }

    std::unique_ptr<FrameSink> sink = openFrameSink(output, size, fps);
    for (int index = 1; index <= written; ++index)
        sink->write(kept.load(index));
    sink->finish();
    kept.remove();
    result.codec = sink->codec();
    progress.frameCount = written;
    if (options.sound) {
        // The input's timeline from the first frame painted, for as long as
        // the frames written last (--fps resamples, keeping the timeline).
        const double from = (options.firstFrame - 1) / clipFps;
        result.sound = carrySound(input, output, {from, from + written / fps});
        if (!result.sound.notice.empty())
            notice(result.sound.notice);
    }
    return result;
}

} // namespace brushwork
