// SPDX-License-Identifier: GPL-3.0-or-later
// `video`: a clip painted frame by frame in the style of paintings, steady
// from one frame to the next; run again after Ctrl-C, it goes on from the
// next frame.
#include "arguments.h"
#include "commandoptions.h"
#include "commands.h"
#include "interrupt.h"
#include "videooptions.h"

#include "brushwork/clippainting.h"
#include "brushwork/framesink.h"
#include "brushwork/framesource.h"
#include "brushwork/outputpath.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace cli {
namespace {

/// --frames A-B, A- or A (counted from 1, both ends included).
void parseFrames(const Arguments& args, brushwork::ClipOptions& options)
{
    const auto frames = args.text("frames");
    if (!frames)
        return;
    const std::size_t dash = frames->find('-');
    const std::string first = frames->substr(0, dash);
    const std::string last = dash == std::string::npos ? first : frames->substr(dash + 1);
    auto whole = [&](const std::string& text, int fallback) {
        if (text.empty())
            return fallback;
        const double value = parseNumber("frames", text);
        if (value < 1 || value > 1e9 || value != std::floor(value))
            throw UsageError("--frames takes A-B: whole frame numbers from 1, e.g. --frames 10-50");
        return int(value);
    };
    options.firstFrame = whole(first, 0);
    options.lastFrame = whole(last, 0);
    if (options.firstFrame < 1 || (options.lastFrame != 0 && options.lastFrame < options.firstFrame))
        throw UsageError("--frames takes A-B with A from 1 and B no less than A, e.g. --frames 10-50");
}

std::string duration(double seconds)
{
    char text[32];
    if (seconds < 10)
        std::snprintf(text, sizeof text, "%.1f s", seconds);
    else if (seconds < 90)
        std::snprintf(text, sizeof text, "%.0f s", seconds);
    else
        std::snprintf(text, sizeof text, "%.0f min", seconds / 60);
    return text;
}

void printFrame(const brushwork::ClipProgress& progress)
{
    const int painted = progress.frame - progress.resumedFrames;
    const double perFrame = painted > 0 ? progress.seconds / painted : 0;
    std::fprintf(stderr, "Frame %d", progress.frame);
    if (progress.frameCount > 0)
        std::fprintf(stderr, " of %d", progress.frameCount);
    std::fprintf(stderr, " (%.2f s a frame", perFrame);
    if (progress.frameCount > progress.frame && perFrame > 0)
        std::fprintf(stderr, ", about %s left", duration(perFrame * (progress.frameCount - progress.frame)).c_str());
    std::fprintf(stderr, ")\n");
}

/// A folder of frames replaces the folder at `output` whole: it may only
/// hold frames an earlier run wrote.
void requireFramesOnly(const std::string& output)
{
    std::error_code error;
    for (std::filesystem::directory_iterator it(output, error), end; !error && it != end; it.increment(error)) {
        const std::string name = it->path().filename().string();
        if (name.rfind("frame_", 0) != 0 || it->path().extension() != ".png")
            throw UsageError("the folder " + output + " holds other files (" + name +
                             "), which writing the frames there would remove; choose a new or empty folder");
    }
}

} // namespace

brushwork::ClipOptions clipOptions(const Arguments& parsed, std::size_t paintingCount)
{
    brushwork::ClipOptions options;
    options.method = parsed.choice("method", {"instant", "optimize"}) == "optimize" ? brushwork::ClipMethod::Optimize
                                                                                  : brushwork::ClipMethod::Instant;
    options.size = parsed.integer("size", options.size, 16, 16384);
    parseFrames(parsed, options);
    options.fps = parsed.number("fps", 0, 0.1, 1000);
    options.temporal = !parsed.has("no-temporal");
    options.temporalWeight = float(parsed.number("temporal-weight", -1, 0, 1e9));
    if (parsed.has("temporal-weight") && !options.temporal)
        throw UsageError("give either --temporal-weight or --no-temporal, not both");
    const brushwork::RunValues settings = settingOptions(parsed);
    options.strength = settings.strength;
    options.styleWeights = settings.params.weights.styleBlend;
    if (!options.styleWeights.empty() && options.styleWeights.size() != paintingCount)
        throw UsageError("--style-weights needs one weight per painting");
    options.colours = settings.params.colour;
    options.device = deviceOption(parsed);
    options.threads = threadsOption(parsed);
    if (options.method == brushwork::ClipMethod::Optimize) {
        options.engine = engineOptions(parsed);
        options.params = styleParams(parsed, paintingCount);
        // Frames after the first start from the warped previous frame, close
        // to where they end: a still's 500 evaluations would mostly repeat it.
        options.params.iterations = parsed.integer("iterations", 100, 0, 1000000);
    } else {
        options.params.memoryBudget = settings.params.memoryBudget;
    }
    return options;
}

std::set<std::string> videoOptionNames()
{
    std::set<std::string> valued = {"o", "output", "method", "frames", "fps", "temporal-weight", "strength"};
    valued.insert(engineOptionNames().begin(), engineOptionNames().end());
    valued.insert(styleOptionNames().begin(), styleOptionNames().end());
    return valued;
}

int videoCommand(const std::vector<std::string>& rawArgs)
{
    std::vector<std::string> args;
    for (const std::string& arg : rawArgs)
        args.push_back(arg == "-o" ? "--o" : arg);
    std::set<std::string> flags = {"no-temporal", "overwrite"};
    flags.insert(styleFlagNames().begin(), styleFlagNames().end());
    const Arguments parsed(args, videoOptionNames(), flags);
    const std::vector<std::string>& positional = parsed.positional();
    if (positional.size() < 2)
        throw UsageError("video needs a clip (a video, an animated GIF or WebP, or a folder of frames) and at least "
                         "one painting");
    const auto output = parsed.text("o") ? parsed.text("o") : parsed.text("output");
    if (!output)
        throw UsageError("video needs -o OUT: a .mp4, .webm, .mkv, .gif or .webp file, or a folder for PNG frames");
    const bool folder = std::filesystem::path(*output).extension().empty();
    brushwork::checkOutputPath(*output,
                               {"the clip", folder ? std::vector<std::string>{} : brushwork::clipOutputExtensions(),
                                folder, parsed.has("overwrite")},
                               positional);
    if (folder)
        requireFramesOnly(*output);
    const std::vector<std::string> paintings(positional.begin() + 1, positional.end());
    const brushwork::ClipOptions options = clipOptions(parsed, paintings.size());

    const InterruptGuard interrupt;
    brushwork::RunControl control;
    control.cancelWhen(&interrupt.flag());
    brushwork::ClipCallbacks callbacks;
    callbacks.onFrame = printFrame;
    callbacks.onNotice = [](const std::string& text) { std::cerr << text << "\n"; };
    const brushwork::ClipResult result = brushwork::paintClip(positional[0], paintings, *output, options, control, callbacks);
    const brushwork::ClipProgress& last = result.last;
    if (result.cancelled) {
        std::fprintf(stderr, "Stopped after frame %d; the finished frames are kept in %s. Run the same command again "
                             "to go on from the next frame.\n",
                     last.frame, result.keptFrames.c_str());
        return kInterrupted;
    }
    std::fprintf(stderr, "Wrote %s: %d frames at %.3g frames a second (%s%s%s)", output->c_str(), last.frameCount,
                 result.fps, result.codec.c_str(), result.sound.codec.empty() ? "" : ", the sound in ",
                 result.sound.codec.c_str());
    if (last.frame > last.resumedFrames)
        std::fprintf(stderr, "; painted %d in %s, warping error %.5f%s", last.frame - last.resumedFrames,
                     duration(last.seconds).c_str(), last.warpingError, options.temporal ? "" : " (no temporal)");
    std::fprintf(stderr, "\n");
    return kSuccess;
}

bool isClip(const std::string& path)
{
    return brushwork::isClipPath(path);
}

cv::Mat projectClipFrame(const std::string& clip, int frame)
{
    return brushwork::readClipFrame(clip, frame).image;
}

} // namespace cli
