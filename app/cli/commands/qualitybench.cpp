// SPDX-License-Identifier: GPL-3.0-or-later
#include "qualitybench.h"

#include "commandoptions.h"
#include "commands.h"

#include "brushwork/engine.h"
#include "brushwork/image.h"
#include "brushwork/modelfiles.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <unistd.h>
#include <vector>

namespace cli {
namespace {

constexpr double kFractions[] = {0.5, 0.1, 0.05};
constexpr const char* kFractionNames[] = {"to_50pct", "to_10pct", "to_5pct"};

struct Milestone {
    double seconds = -1;
    int iteration = -1;
};

/// One way of starting a run, timed as a row of the report.
struct StartingPoint {
    std::string name;
    std::function<void(brushwork::StyleJob&)> prepare; ///< sets the job's starting picture
};

std::vector<StartingPoint> startingPoints()
{
    return {{"photo", [](brushwork::StyleJob& job) { job.params.init = brushwork::InitKind::Content; }},
            {"instant", [](brushwork::StyleJob& job) { job.params.init = brushwork::InitKind::Instant; }}};
}

/// The loss of the untouched photo at the requested size: the yardstick for
/// every schedule, whatever it starts from.
double photoLoss(brushwork::StyleEngine& engine, brushwork::StyleJob job)
{
    job.params.iterations = 1;
    job.params.multiScale = false;
    job.params.init = brushwork::InitKind::Content;
    double loss = 0;
    brushwork::RunControl control;
    brushwork::RunCallbacks callbacks;
    callbacks.onProgress = [&](const brushwork::Progress& p) { loss = p.loss; };
    engine.run(job, control, callbacks);
    return loss;
}

/// Runs `job` to its end (its plateau, or every iteration) and prints its
/// row: when the first preview came, when the loss at the final size fell
/// below each fraction of `reference` (and below `target` when > 0), and
/// when the run stopped.
void timeRow(brushwork::StyleEngine& engine, const brushwork::StyleJob& job, const std::string& name,
             double reference, double target)
{
    Milestone milestones[3];
    Milestone toTarget;
    double firstPreview = -1;
    brushwork::RunControl control;
    brushwork::RunCallbacks callbacks;
    const auto started = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
    callbacks.onFrame = [&](const cv::Mat&, const brushwork::Progress&) {
        if (firstPreview < 0)
            firstPreview = elapsed();
    };
    callbacks.onNotice = [](const std::string& text) { std::fprintf(stderr, "%s\n", text.c_str()); };
    callbacks.onProgress = [&](const brushwork::Progress& p) {
        if (p.scale != p.scaleCount - 1)
            return;
        for (int i = 0; i < 3; ++i)
            if (milestones[i].seconds < 0 && p.loss <= kFractions[i] * reference)
                milestones[i] = {elapsed(), p.iteration};
        if (target > 0 && toTarget.seconds < 0 && p.loss <= target)
            toTarget = {elapsed(), p.iteration};
    };
    const brushwork::RunResult result = engine.run(job, control, callbacks);
    const double total = elapsed();

    std::printf("{\"start\":\"%s\",\"first_preview_s\":%.3f", name.c_str(), firstPreview);
    for (int i = 0; i < 3; ++i)
        std::printf(",\"%s_s\":%.3f,\"%s_iterations\":%d", kFractionNames[i], milestones[i].seconds,
                    kFractionNames[i], milestones[i].iteration);
    if (target > 0)
        std::printf(",\"to_target_s\":%.3f,\"to_target_iterations\":%d", toTarget.seconds, toTarget.iteration);
    const bool plateau = result.last.plateauIteration > 0;
    std::printf(",\"plateau_s\":%.3f,\"plateau_iteration\":%d,\"final_loss\":%.6g,\"iterations\":%d,"
                "\"total_s\":%.3f}",
                plateau ? total : -1.0, result.last.plateauIteration, result.last.loss, result.last.iteration,
                total);
}

} // namespace

int qualityBench(const Arguments& args)
{
    const auto content = args.text("content");
    const auto style = args.text("style");
    if (!content || !style)
        throw UsageError("bench --quality needs --content and --style, e.g. ../shared/samples/chelsea.png and "
                         "../shared/samples/starry_night.jpg");
    brushwork::StyleJob job;
    job.params = styleParams(args, 1);
    if (!job.params.seed)
        job.params.seed = 1;
    job.content = brushwork::loadImage(*content);
    job.styles.push_back({brushwork::loadImage(*style), "style"});
    const double target = args.number("target-loss", 0, 0, 1e30);
    std::vector<StartingPoint> starts = startingPoints();
    if (const auto only = args.text("start")) {
        const auto chosen = std::find_if(starts.begin(), starts.end(),
                                         [&](const StartingPoint& start) { return start.name == *only; });
        if (chosen == starts.end())
            throw UsageError("--start is photo or instant, not \"" + *only + "\"");
        starts = {*chosen};
    }

    std::string randomWeights;
    if (args.has("random-weights")) {
        randomWeights = (std::filesystem::temp_directory_path() /
                         ("brushwork-quality-" + std::to_string(getpid()) + ".safetensors"))
                            .string();
        brushwork::writeRandomWeights(randomWeights, networkOption(args, brushwork::NetworkKind::Vgg19), 1);
    }
    brushwork::StyleEngine engine(engineOptions(args, randomWeights));
    if (!randomWeights.empty())
        std::filesystem::remove(randomWeights);

    const double reference = photoLoss(engine, job);
    std::fprintf(stderr, "Painting %s (the photo's loss %.4g) on %s...\n",
                 job.params.stopAtPlateau ? "until the picture stops changing" : "every iteration", reference,
                 engine.deviceName().c_str());
    std::printf("{\"size\":%d,\"reference_loss\":%.6g,\"device\":\"%s\",\"rows\":[", job.params.size, reference,
                engine.deviceName().c_str());
    const char* separator = "";
    for (const StartingPoint& start : starts) {
        brushwork::StyleJob row = job;
        start.prepare(row);
        std::printf("%s", separator);
        timeRow(engine, row, start.name, reference, target);
        separator = ",";
        std::fflush(stdout);
    }
    std::printf("]}\n");
    return kSuccess;
}

} // namespace cli
