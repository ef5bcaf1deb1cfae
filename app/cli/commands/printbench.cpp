// SPDX-License-Identifier: GPL-3.0-or-later
#include "printbench.h"

#include "commandoptions.h"
#include "commands.h"

#include "brushwork/engine.h"
#include "brushwork/image.h"
#include "brushwork/instantstyle.h"
#include "brushwork/printscale.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <optional>
#include <string>
#include <sys/resource.h>
#include <vector>

namespace cli {
namespace {

/// What a piece of work cost: the time on the clock, and in processor time over
/// all threads. On a machine shared with other work the clock time grows
/// with the load; the processor time hardly does, and on an idle machine
/// the clock time is at most it. And the most memory it held at once.
struct Cost {
    double seconds = 0;
    double cpuSeconds = 0;
    double peakGb = 0;
    double allowedGb = 0; ///< the memory budget the run was planned in
    Cost operator+(const Cost& other) const
    {
        return {seconds + other.seconds, cpuSeconds + other.cpuSeconds, std::max(peakGb, other.peakGb),
                std::max(allowedGb, other.allowedGb)};
    }
};

/// Linux's peak resident size (VmHWM) counts from the process's start
/// unless reset: the bench's own full-size loss evaluations would hide the
/// run's peak.
void resetPeakMemory()
{
    std::ofstream("/proc/self/clear_refs") << "5";
}

double peakMemoryGb()
{
    std::ifstream status("/proc/self/status");
    std::string key;
    double kilobytes = 0;
    std::string unit;
    while (status >> key) {
        if (key == "VmHWM:" && status >> kilobytes)
            return kilobytes / (1024.0 * 1024.0);
        std::getline(status, unit);
    }
    return 0;
}

double cpuSecondsSoFar()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

template <typename F>
Cost costOf(F&& work)
{
    resetPeakMemory();
    const auto start = std::chrono::steady_clock::now();
    const double cpuStart = cpuSecondsSoFar();
    work();
    return {std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
            cpuSecondsSoFar() - cpuStart, peakMemoryGb()};
}

/// What a print is measured against: its preview and the preview's own style loss.
struct Preview {
    brushwork::StyleJob job; ///< at the preview's size
    cv::Mat picture;
    double styleLoss = 0;
};

/// How the rows are measured and where their pictures go.
struct Bench {
    brushwork::StyleEngine& engine;
    std::vector<int> sizes;
    std::optional<std::string> saveFolder;
};

/// Prints one row: the print beside its preview at the preview's size, and,
/// as style_at_size, its style loss at its own size relative to the preview
/// merely enlarged to it (what the refinement added: below 1 is closer to
/// the painting). With --save, writes the print shrunk beside the preview as
/// DIR/PATH-SIZE.png, and the middle of the enlarged preview beside the
/// middle of the print at full size as DIR/PATH-SIZE-detail.png.
void reportRow(const Bench& bench, const Preview& preview, const std::string& path, int size, const cv::Mat& print,
               const Cost& cost, int iterations = 0)
{
    const cv::Mat shrunk =
        brushwork::resizeToLongSide(print, std::max(preview.picture.cols, preview.picture.rows));
    const double ssim = brushwork::structuralSimilarity(print, preview.picture);
    const double style = bench.engine.evaluateLoss(preview.job, shrunk).style / preview.styleLoss;
    cv::Mat enlarged;
    cv::resize(preview.picture, enlarged, print.size(), 0, 0, cv::INTER_CUBIC);
    enlarged = cv::max(cv::min(enlarged, 1.0), 0.0);
    brushwork::StyleJob atSize = preview.job;
    atSize.params.size = size;
    const double styleAtSize =
        bench.engine.evaluateLoss(atSize, print).style / bench.engine.evaluateLoss(atSize, enlarged).style;
    std::printf("{\"path\":\"%s\",\"size\":%d,\"width\":%d,\"height\":%d,\"seconds\":%.1f,\"iterations\":%d,"
                "\"cpu_seconds\":%.1f,\"peak_gb\":%.1f,\"allowed_gb\":%.1f,\"ssim\":%.3f,\"style_vs_preview\":%.3f,\"style_at_size\":%.3f}\n",
                path.c_str(), size, print.cols, print.rows, cost.seconds, iterations, cost.cpuSeconds, cost.peakGb, cost.allowedGb,
                ssim, style, styleAtSize);
    std::fflush(stdout);
    if (bench.saveFolder) {
        const std::filesystem::path stem = std::filesystem::path(*bench.saveFolder) / (path + "-" + std::to_string(size));
        cv::Mat pair;
        cv::hconcat(preview.picture, shrunk, pair);
        brushwork::saveImage(stem.string() + ".png", pair);
        const cv::Rect middle((print.cols - preview.picture.cols) / 2, (print.rows - preview.picture.rows) / 2,
                              preview.picture.cols, preview.picture.rows);
        cv::hconcat(enlarged(middle), print(middle), pair);
        brushwork::saveImage(stem.string() + "-detail.png", pair);
    }
}

/// The optimised path: the preview painted as `render` paints it, then each
/// print from it. `render --size` paints this same preview first, so a
/// print's time is the preview's and its refinement's together.
void optimisedRows(const Bench& bench, Preview preview, const std::optional<std::string>& given)
{
    brushwork::RunControl control;
    brushwork::RunCallbacks quiet;
    quiet.onNotice = [](const std::string& text) { std::fprintf(stderr, "%s\n", text.c_str()); };
    brushwork::RunResult painted;
    const Cost previewCost =
        given ? Cost{} : costOf([&] { painted = bench.engine.run(preview.job, control, quiet); });
    preview.picture = given ? brushwork::loadImage(*given) : painted.image;
    preview.styleLoss = bench.engine.evaluateLoss(preview.job, preview.picture).style;
    std::printf("{\"path\":\"optimised_preview\",\"size\":%d,\"seconds\":%.1f,\"cpu_seconds\":%.1f,\"iterations\":%d,"
                "\"device\":\"%s\"}\n",
                preview.job.params.size, previewCost.seconds, previewCost.cpuSeconds, painted.last.iteration,
                bench.engine.deviceName().c_str());
    std::fflush(stdout);
    for (const int size : bench.sizes) {
        // The yardstick: the preview merely enlarged, which shrunk again has
        // lost some of its finest texture.
        cv::Mat enlarged;
        cv::resize(preview.picture, enlarged, cv::Size(), double(size) / preview.job.params.size,
                   double(size) / preview.job.params.size, cv::INTER_CUBIC);
        reportRow(bench, preview, "enlarged", size, cv::max(cv::min(enlarged, 1.0), 0.0), Cost{});
        brushwork::StyleJob print = preview.job;
        print.params.size = size;
        print.params.init = brushwork::InitKind::Image;
        print.params.initImage = preview.picture;
        const double allowedGb = double(bench.engine.memoryPlan(print).budget) / double(1ull << 30);
        Cost refinement = costOf([&] { painted = bench.engine.run(print, control, quiet); });
        refinement.allowedGb = allowedGb;
        reportRow(bench, preview, "optimised", size, painted.image, previewCost + refinement, painted.last.iteration);
    }
}

/// The instant path: each print painted at the preview's size and
/// enlarged, and, as before issue 27, painted whole at the print's size.
void instantRows(const Bench& bench, Preview preview, const brushwork::InstantStyle& network)
{
    const brushwork::StyleVector vector = network.styleOf(preview.job.styles.front().image);
    preview.picture =
        network.paint(brushwork::resizeToLongSide(preview.job.content, preview.job.params.size), vector);
    preview.styleLoss = bench.engine.evaluateLoss(preview.job, preview.picture).style;
    for (const int size : bench.sizes) {
        const cv::Mat photo = brushwork::resizeToLongSide(preview.job.content, size);
        cv::Mat painted;
        Cost cost = costOf([&] {
            painted = brushwork::paintKeepingStrokes(network, photo, vector, preview.job.params.size);
        });
        reportRow(bench, preview, "instant", size, painted, cost);
        cost = costOf([&] { painted = network.paint(photo, vector); });
        reportRow(bench, preview, "instant_whole", size, painted, cost);
    }
}

} // namespace

int printBench(const Arguments& args)
{
    const auto content = args.text("content");
    const auto style = args.text("style");
    if (!content || !style)
        throw UsageError("bench --print needs --content and --style, e.g. ../shared/samples/astronaut.png and "
                         "../shared/samples/starry_night.jpg");
    const std::string paths = args.text("paths", "both");
    if (paths != "both" && paths != "optimised" && paths != "instant")
        throw UsageError("--paths is both, optimised or instant, not \"" + paths + "\"");
    Preview preview;
    preview.job.params = styleParams(args, 1);
    if (!preview.job.params.seed)
        preview.job.params.seed = 1;
    preview.job.params.init = brushwork::InitKind::Instant;
    preview.job.params.size = preview.job.params.previewSize;
    std::vector<int> sizes;
    for (const double size : args.numbers("sizes"))
        sizes.push_back(int(size));
    if (sizes.empty())
        sizes = {1024, 1536, 2048};
    for (const int size : sizes)
        if (size <= preview.job.params.size || size > 65536)
            throw UsageError("--sizes are prints: each must be larger than the preview (" +
                             std::to_string(preview.job.params.size) + " px) and at most 65536");
    brushwork::StyleEngine engine(engineOptions(args));
    preview.job.content = brushwork::loadImage(*content);
    preview.job.styles.push_back({brushwork::loadImage(*style), "style"});
    const Bench bench{engine, sizes, args.text("save")};
    if (paths != "instant")
        optimisedRows(bench, preview, args.text("preview"));
    if (paths != "optimised")
        instantRows(bench, preview,
                    brushwork::InstantStyle(deviceOption(args), args.integer("threads", 0, 0, 1024)));
    return kSuccess;
}

} // namespace cli
