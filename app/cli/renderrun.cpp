// SPDX-License-Identifier: GPL-3.0-or-later
#include "renderrun.h"

#include "brushwork/printsize.h"

#include <filesystem>
#include <iostream>

namespace cli {
namespace {

std::string absolute(const std::string& path)
{
    std::error_code error;
    const std::filesystem::path full = std::filesystem::absolute(path, error);
    return error ? path : full.lexically_normal().string();
}

} // namespace

brushwork::Project recipeOf(const std::vector<std::string>& pictures, const brushwork::StyleJob& job,
                            brushwork::NetworkKind network, const std::string& weightsSha256)
{
    brushwork::Project recipe;
    recipe.content = {absolute(pictures[0]), std::filesystem::path(pictures[0]).stem().string(), {}};
    for (std::size_t i = 1; i < pictures.size(); ++i)
        recipe.styles.push_back({absolute(pictures[i]), job.styles[i - 1].name, {}});
    recipe.params = job.params;
    recipe.params.initImage = cv::Mat();
    recipe.network = brushwork::networkName(network);
    recipe.weightsSha256 = weightsSha256;
    return recipe;
}

PrintSizing fitPrint(const std::string& print, int width, int height, bool report)
{
    const brushwork::PrintSize size = brushwork::parsePrintSize(print);
    const brushwork::PrintFit fit = brushwork::fitToPrint(size, width, height);
    const PrintSizing sizing{std::max(fit.width, fit.height), fit.effectiveDpi};
    if (!report)
        return sizing;
    std::cerr << "Print " << size.label << ": " << fit.width << "x" << fit.height << " px";
    if (fit.effectiveDpi > 0)
        std::cerr << " (" << int(fit.effectiveDpi + 0.5) << " DPI)";
    std::cerr << "\n";
    if (fit.upscale > brushwork::kUpscaleWarning)
        std::cerr << "Warning: the photo is enlarged " << int(fit.upscale * 10 + 0.5) / 10.0
                  << " times; the print will look soft. A larger photo gives a sharper print.\n";
    return sizing;
}

brushwork::RunResult runJob(brushwork::StyleEngine& engine, const brushwork::StyleJob& job,
                            brushwork::RunControl& control, const InterruptGuard& interrupt, ProgressPrinter& printer,
                            brushwork::Autosave* autosave, const std::function<void(const cv::Mat&, const brushwork::Progress&)>& onFrame)
{
    brushwork::RunCallbacks callbacks;
    callbacks.onProgress = [&](const brushwork::Progress& progress) {
        printer.print(progress);
        if (interrupt.requested())
            control.requestCancel();
    };
    callbacks.onFrame = [&](const cv::Mat& frame, const brushwork::Progress& progress) {
        if (onFrame)
            onFrame(frame, progress);
        if (autosave)
            autosave->onFrame(frame, progress);
    };
    callbacks.onNotice = [](const std::string& text) { std::cerr << text << "\n"; };
    const brushwork::RunResult result = engine.run(job, control, callbacks);
    printer.finish();
    if (autosave)
        autosave->save(result.image, result.last);
    return result;
}

} // namespace cli
