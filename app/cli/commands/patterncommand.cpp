// SPDX-License-Identifier: GPL-3.0-or-later
// `pattern`: a texture from the paintings alone, without a photo: wallpaper,
// fabric, game textures; with --seamless it tiles without a seam.
#include "arguments.h"
#include "commandoptions.h"
#include "commands.h"
#include "progressprinter.h"
#include "renderrun.h"

#include "brushwork/engine.h"
#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/outputpath.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <regex>

namespace cli {
namespace {

/// --size W or WxH: the pattern's size in pixels (a square for W alone).
cv::Size patternSize(const Arguments& args)
{
    const auto text = args.text("size");
    if (!text)
        throw UsageError("pattern needs --size W or WxH, the pattern's size in pixels");
    std::smatch parts;
    if (!std::regex_match(*text, parts, std::regex(R"((\d{1,5})(?:[xX](\d{1,5}))?)")))
        throw UsageError("--size needs W or WxH in pixels (e.g. 1024 or 1920x1080), not \"" + *text + "\"");
    const int width = std::stoi(parts[1]);
    const int height = parts[2].matched ? std::stoi(parts[2]) : width;
    if (width < 16 || height < 16 || width > 65536 || height > 65536)
        throw UsageError("--size needs sides of 16 to 65536 pixels, not " + *text);
    return {width, height};
}

} // namespace

int patternCommand(const std::vector<std::string>& rawArgs)
{
    std::vector<std::string> args;
    for (const std::string& arg : rawArgs)
        args.push_back(arg == "-o" ? "--o" : arg);
    std::set<std::string> valued = {"o", "output", "progress", "jpeg-quality"};
    valued.insert(engineOptionNames().begin(), engineOptionNames().end());
    valued.insert(styleOptionNames().begin(), styleOptionNames().end());
    std::set<std::string> flags = {"sixteen-bit", "overwrite"};
    flags.insert(styleFlagNames().begin(), styleFlagNames().end());
    const Arguments parsed(args, valued, flags);
    const std::vector<std::string>& paintings = parsed.positional();
    if (paintings.empty())
        throw UsageError("pattern needs at least one painting");
    if (paintings.size() > std::size_t(brushwork::kMaxStyles))
        throw UsageError("at most " + std::to_string(brushwork::kMaxStyles) + " paintings, not " +
                         std::to_string(paintings.size()));
    if (parsed.has("region"))
        throw UsageError("a pattern has no photo to place regions on; --region is for render and instant");
    const auto output = parsed.text("o") ? parsed.text("o") : parsed.text("output");
    if (!output)
        throw UsageError("pattern needs -o OUT, the file to write (.png, .jpg, .tif or .webp)");
    const cv::Size size = patternSize(parsed);
    const brushwork::EngineOptions options = engineOptions(parsed);
    std::vector<std::string> inputs = paintings;
    inputs.push_back(options.weightsPath);
    brushwork::checkOutputPath(*output, {"the pattern", brushwork::pictureOutputExtensions(), false, parsed.has("overwrite")},
                               inputs);

    brushwork::StyleJob job;
    // --size is the pattern's W[xH]; the run's settings read it as the long side.
    std::vector<std::string> runArgs;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const bool isSize = args[i] == "--size" || args[i].rfind("--size=", 0) == 0;
        runArgs.push_back(isSize ? "--size=" + std::to_string(std::max(size.width, size.height)) : args[i]);
        if (args[i] == "--size")
            ++i;
    }
    job.params = styleParams(Arguments(runArgs, valued, flags), paintings.size());
    // No photo: the content term is off, and the picture grows from noise
    // (the instant start paints a photo, which there is not).
    job.params.weights.content = 0;
    if (!parsed.has("init") || parsed.text("init", "") == "instant")
        job.params.init = brushwork::InitKind::Noise;
    job.content = cv::Mat(size, CV_32FC3, cv::Scalar::all(0.5));
    for (const std::string& painting : paintings)
        job.styles.push_back({brushwork::loadImage(painting), std::filesystem::path(painting).stem().string()});

    brushwork::StyleEngine engine(options);
    brushwork::RunControl control;
    const InterruptGuard interrupt;
    control.cancelWhen(&interrupt.flag());
    const std::string progressMode = parsed.choice("progress", {"text", "json", "none"});
    ProgressPrinter printer(progressMode, engine.deviceName());
    const brushwork::RunResult result = runJob(engine, job, control, interrupt, printer, nullptr);
    if (result.cancelled && result.last.iteration == 0) {
        std::cerr << "Interrupted before anything was painted: nothing written\n";
        return kInterrupted;
    }
    brushwork::ImageSaveOptions saveOptions;
    saveOptions.jpegQuality = parsed.integer("jpeg-quality", saveOptions.jpegQuality, 1, 100);
    saveOptions.sixteenBit = parsed.has("sixteen-bit");
    brushwork::saveImage(*output, result.image, saveOptions);
    if (result.failure)
        throw *result.failure;
    if (result.cancelled) {
        std::cerr << "Interrupted: wrote the best pattern so far to " << *output << "\n";
        return kInterrupted;
    }
    if (progressMode != "json")
        std::cerr << "Wrote " << *output << " (" << result.image.cols << "x" << result.image.rows
                  << (job.params.seamless ? ", seamless" : "") << ")\n";
    return kSuccess;
}

} // namespace cli
