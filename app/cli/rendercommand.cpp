// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandoptions.h"
#include "commands.h"
#include "interrupt.h"
#include "progressprinter.h"

#include "brushwork/engine.h"
#include "brushwork/image.h"
#include "brushwork/printsize.h"

#include <filesystem>
#include <iostream>

namespace cli {
namespace {

std::string snapshotPath(const std::string& output, int iteration)
{
    const std::filesystem::path path(output);
    return (path.parent_path() / (path.stem().string() + "_" + std::to_string(iteration) + path.extension().string()))
        .string();
}

} // namespace

int renderCommand(const std::vector<std::string>& rawArgs)
{
    std::set<std::string> valued = {"o", "output", "save-every", "progress", "jpeg-quality", "print", "dpi"};
    valued.insert(engineOptionNames().begin(), engineOptionNames().end());
    valued.insert(styleOptionNames().begin(), styleOptionNames().end());
    // -o is the one short option; treat it as --o.
    std::vector<std::string> args;
    for (const std::string& arg : rawArgs)
        args.push_back(arg == "-o" ? "--o" : arg);
    const Arguments parsed(args, valued, {"sixteen-bit"});

    if (parsed.positional().size() < 2)
        throw UsageError("render needs a content image and at least one style image");
    const auto output = parsed.text("o") ? parsed.text("o") : parsed.text("output");
    if (!output)
        throw UsageError("render needs -o OUT, the file to write (.png, .jpg, .tif or .webp)");
    const std::string progressMode = parsed.choice("progress", {"text", "json", "none"});
    const int saveEvery = parsed.integer("save-every", 0, 0, 1000000);
    brushwork::ImageSaveOptions saveOptions;
    saveOptions.jpegQuality = parsed.integer("jpeg-quality", saveOptions.jpegQuality, 1, 100);
    saveOptions.sixteenBit = parsed.has("sixteen-bit");

    brushwork::StyleJob job;
    job.params = styleParams(parsed, parsed.positional().size() - 1);
    job.content = brushwork::loadImage(parsed.positional()[0]);
    for (std::size_t i = 1; i < parsed.positional().size(); ++i) {
        const std::string& path = parsed.positional()[i];
        job.styles.push_back({brushwork::loadImage(path), std::filesystem::path(path).stem().string()});
    }
    if (saveEvery > 0)
        job.params.frameEvery = saveEvery;
    if (const auto print = parsed.text("print")) {
        if (parsed.has("size"))
            throw UsageError("give either --size or --print, not both");
        const brushwork::PrintSize size = brushwork::parsePrintSize(*print);
        const brushwork::PrintFit fit = brushwork::fitToPrint(size, job.content.cols, job.content.rows);
        job.params.size = std::max(fit.width, fit.height);
        saveOptions.dpi = fit.effectiveDpi;
        std::cerr << "Print " << size.label << ": " << fit.width << "x" << fit.height << " px";
        if (fit.effectiveDpi > 0)
            std::cerr << " (" << int(fit.effectiveDpi + 0.5) << " DPI)";
        std::cerr << "\n";
        if (fit.upscale > brushwork::kUpscaleWarning)
            std::cerr << "Warning: the photo is enlarged " << int(fit.upscale * 10 + 0.5) / 10.0
                      << " times; the print will look soft. A larger photo gives a sharper print.\n";
    }
    saveOptions.dpi = parsed.number("dpi", saveOptions.dpi, 1, 100000);

    brushwork::StyleEngine engine(engineOptions(parsed));
    brushwork::RunControl control;
    const InterruptGuard interrupt;
    ProgressPrinter printer(progressMode, engine.deviceName());

    brushwork::RunCallbacks callbacks;
    callbacks.onProgress = [&](const brushwork::Progress& progress) {
        printer.print(progress);
        if (interrupt.requested())
            control.requestCancel();
    };
    if (saveEvery > 0)
        callbacks.onFrame = [&](const cv::Mat& frame, const brushwork::Progress& progress) {
            if (progress.iteration % saveEvery == 0)
                brushwork::saveImage(snapshotPath(*output, progress.iteration), frame, saveOptions);
        };

    const brushwork::RunResult result = engine.run(job, control, callbacks);
    printer.finish();
    brushwork::saveImage(*output, result.image, saveOptions);
    if (result.cancelled) {
        std::cerr << "Interrupted: wrote the best picture so far to " << *output << "\n";
        return kInterrupted;
    }
    if (progressMode != "json")
        std::cerr << "Wrote " << *output << " (" << result.image.cols << "x" << result.image.rows << ")\n";
    return kSuccess;
}

} // namespace cli
