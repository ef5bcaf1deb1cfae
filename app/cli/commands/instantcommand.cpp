// SPDX-License-Identifier: GPL-3.0-or-later
// `instant`: the photo in the style of any painting in one pass, with the
// built-in arbitrary-style networks; and `bench --instant`, their timing.
#include "arguments.h"
#include "commandoptions.h"
#include "commands.h"
#include "renderrun.h"

#include "brushwork/colour.h"
#include "brushwork/image.h"
#include "brushwork/torus.h"
#include "brushwork/paintmemory.h"
#include "brushwork/instantstyle.h"
#include "brushwork/memorybudget.h"
#include "brushwork/outputpath.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace cli {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/// The long side the photo is painted at: --size (512 by default), or
/// --print's pixels, whose DPI goes into `saveOptions` when given.
int paintedLongSide(const Arguments& args, cv::Size photo, brushwork::ImageSaveOptions* saveOptions)
{
    const brushwork::RunValues settings = settingOptions(args);
    int longSide = settings.params.size;
    if (const auto print = args.text("print")) {
        if (args.has("size"))
            throw UsageError("give either --size or --print, not both");
        const PrintSizing fit = fitPrint(*print, photo.width, photo.height, saveOptions != nullptr);
        longSide = fit.longSide;
        if (saveOptions)
            saveOptions->dpi = fit.dpi;
    }
    if (saveOptions && args.has("dpi"))
        saveOptions->dpi = settings.dpi;
    return longSide;
}

/// The memory `instant` needs, from the pictures' headers before any is decoded.
void requirePicturesFit(const Arguments& args, const std::vector<std::string>& pictures)
{
    std::vector<cv::Size> sizes;
    for (const std::string& picture : pictures)
        sizes.push_back(brushwork::pictureSize(picture));
    brushwork::requireInstantFits(sizes, paintedLongSide(args, sizes[0], nullptr), memoryBudgetOption(args));
}

/// Median of `repeats` timings of `work`, after one untimed warm-up run.
template <typename F>
double medianSeconds(int repeats, F&& work)
{
    work();
    std::vector<double> seconds;
    for (int i = 0; i < repeats; ++i) {
        const auto start = Clock::now();
        work();
        seconds.push_back(secondsSince(start));
    }
    std::sort(seconds.begin(), seconds.end());
    return seconds[seconds.size() / 2];
}

} // namespace

int instantCommand(const std::vector<std::string>& rawArgs)
{
    // -o is the one short option; treat it as --o, as render does.
    std::vector<std::string> args;
    for (const std::string& arg : rawArgs)
        args.push_back(arg == "-o" ? "--o" : arg);
    const Arguments parsed(args,
                           {"o", "output", "style-weights", "strength", "size", "print", "dpi", "preserve-colors",
                            "threads", "device", "jpeg-quality", "memory-budget", "region"},
                           {"sixteen-bit", "overwrite", "seamless"});
    const std::vector<std::string>& pictures = parsed.positional();
    if (pictures.size() < 2)
        throw UsageError("instant needs a content image and at least one style image");
    const auto output = parsed.text("o") ? parsed.text("o") : parsed.text("output");
    if (!output)
        throw UsageError("instant needs -o OUT, the file to write (.png, .jpg, .tif or .webp)");
    std::vector<std::string> inputs = pictures;
    for (const std::string& region : parsed.texts("region"))
        inputs.push_back(region.substr(region.find('=') + 1));
    brushwork::checkOutputPath(*output, {"the picture", brushwork::pictureOutputExtensions(), false, parsed.has("overwrite")},
                               inputs);
    const brushwork::RunValues settings = settingOptions(parsed);
    const std::vector<float>& weights = settings.params.weights.styleBlend;
    if (!weights.empty() && weights.size() != pictures.size() - 1)
        throw UsageError("--style-weights needs one weight per style image");
    const float strength = settings.strength;
    const brushwork::ColourMode colours = settings.params.colour;
    brushwork::ImageSaveOptions saveOptions;
    saveOptions.jpegQuality = parsed.integer("jpeg-quality", saveOptions.jpegQuality, 1, 100);
    saveOptions.sixteenBit = parsed.has("sixteen-bit");

    requirePicturesFit(parsed, pictures);
    const cv::Mat fullPhoto = brushwork::loadImage(pictures[0]);
    const cv::Mat photo =
        brushwork::resizeToLongSide(fullPhoto, paintedLongSide(parsed, fullPhoto.size(), &saveOptions));
    const std::vector<brushwork::Region> regions = regionsOption(parsed, pictures.size() - 1, fullPhoto.size());
    std::vector<cv::Mat> paintings;
    for (std::size_t i = 1; i < pictures.size(); ++i)
        paintings.push_back(brushwork::loadImage(pictures[i]));
    const brushwork::InstantStyle network(deviceOption(parsed), parsed.integer("threads", 0, 0, 1024));

    const auto styleStart = Clock::now();
    std::vector<brushwork::StyleVector> vectors;
    for (const cv::Mat& painting : paintings)
        vectors.push_back(network.styleOf(colours == brushwork::ColourMode::Histogram
                                              ? brushwork::matchColourStatistics(painting, photo)
                                              : painting));
    brushwork::StyleVector style = brushwork::blendStyleVectors(vectors, weights);
    if (strength < 1.0f)
        style = brushwork::withStrength(style, network.styleOf(photo), strength);
    const double styleSeconds = secondsSince(styleStart);
    const auto paintStart = Clock::now();
    // A print is painted at the preview's size and enlarged (paintKeepingStrokes); regions and
    // seamless pictures are painted whole, as their masks and wrapped edges are the picture's own.
    cv::Mat painted = regions.empty() && !settings.params.seamless
                          ? brushwork::paintKeepingStrokes(network, photo, style)
                          : brushwork::paintRegions(network, photo, vectors, style, regions, settings.params.seamless);
    const double paintSeconds = secondsSince(paintStart);
    if (colours == brushwork::ColourMode::Luminance)
        painted = brushwork::keepContentChroma(painted, settings.params.seamless ? brushwork::tileable(photo) : photo);
    brushwork::saveImage(*output, painted, saveOptions);
    std::fprintf(stderr, "Painted %dx%d in the style of %zu painting%s (style %.3f s, painting %.3f s) on %s; wrote %s\n",
                 painted.cols, painted.rows, paintings.size(), paintings.size() == 1 ? "" : "s", styleSeconds,
                 paintSeconds, network.deviceName().c_str(), output->c_str());
    return kSuccess;
}

int instantBench(const Arguments& args)
{
    const int size = args.integer("size", 512, 16, 16384);
    const int repeats = args.integer("repeats", 5, 1, 1000);
    const auto loadStart = Clock::now();
    const brushwork::InstantStyle network(deviceOption(args), args.integer("threads", 0, 0, 1024));
    const double loadSeconds = secondsSince(loadStart);
    brushwork::requireMemory("timing at " + std::to_string(size) + "×" + std::to_string(size * 2 / 3) + " px",
                             std::uint64_t(size) * std::uint64_t(size * 2 / 3 + size) * brushwork::kPictureBytesPerPixel +
                                 brushwork::instantStyleBytes(size, size * 2 / 3),
                             memoryBudgetOption(args));
    // Timing depends on the size only; generated pictures keep it free of input files.
    cv::Mat photo(size * 2 / 3, size, CV_32FC3), painting(size, size, CV_32FC3);
    cv::RNG rng(1);
    rng.fill(photo, cv::RNG::UNIFORM, 0.0, 1.0);
    rng.fill(painting, cv::RNG::UNIFORM, 0.0, 1.0);
    brushwork::StyleVector style;
    const double styleSeconds = medianSeconds(repeats, [&] { style = network.styleOf(painting); });
    const double paintSeconds = medianSeconds(repeats, [&] { network.paint(photo, style); });
    std::fprintf(stderr, "Instant style at %dx%d on %s, median of %d:\n", photo.cols, photo.rows,
                 network.deviceName().c_str(), repeats);
    std::printf("{\"network\":\"instant\",\"width\":%d,\"height\":%d,\"load_s\":%.4f,\"style_vector_s\":%.4f,"
                "\"transformer_s\":%.4f,\"device\":\"%s\"}\n",
                photo.cols, photo.rows, loadSeconds, styleSeconds, paintSeconds, network.deviceName().c_str());
    return kSuccess;
}

} // namespace cli
