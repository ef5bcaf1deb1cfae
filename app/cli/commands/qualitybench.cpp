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
#include <optional>
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

/// One way of running the job, timed as a row of the report.
struct Row {
    std::string name;
    std::function<void(brushwork::StyleJob&)> prepare; ///< sets how the job starts and ends
};

/// The default run before issue 16: from the photo, coarse to fine, every
/// one of the iterations (500 unless --iterations says otherwise). The run
/// that today's default is measured against.
void formerDefault(brushwork::StyleJob& job)
{
    job.params.init = brushwork::InitKind::Content;
    job.params.multiScale = true;
    job.params.stopAtPlateau = false;
}

std::vector<Row> rows()
{
    return {{"instant", [](brushwork::StyleJob& job) { job.params.init = brushwork::InitKind::Instant; }},
            {"photo", [](brushwork::StyleJob& job) { job.params.init = brushwork::InitKind::Content; }},
            {"former_default", formerDefault}};
}

/// What later rows and the summary need from a row.
struct RowResult {
    double finalLoss = 0;
    double plateauSeconds = -1;
    double toTargetSeconds = -1;
};

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
RowResult timeRow(brushwork::StyleEngine& engine, const brushwork::StyleJob& job, const std::string& name,
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
        std::printf(",\"target_loss\":%.6g,\"to_target_s\":%.3f,\"to_target_iterations\":%d", target,
                    toTarget.seconds, toTarget.iteration);
    const bool plateau = result.last.plateauIteration > 0;
    std::printf(",\"plateau_s\":%.3f,\"plateau_iteration\":%d,\"final_loss\":%.6g,\"iterations\":%d,"
                "\"total_s\":%.3f}",
                plateau ? total : -1.0, result.last.plateauIteration, result.last.loss, result.last.iteration,
                total);
    return {result.last.loss, plateau ? total : -1.0, toTarget.seconds};
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
    std::vector<Row> chosen = rows();
    if (const auto only = args.text("start")) {
        const auto row =
            std::find_if(chosen.begin(), chosen.end(), [&](const Row& candidate) { return candidate.name == *only; });
        if (row == chosen.end())
            throw UsageError("--start is instant, photo or former_default, not \"" + *only + "\"");
        chosen = {*row};
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
    // The former default is timed to the loss at which the instant row
    // stopped: how much sooner today's default gets there (issue 16).
    std::optional<RowResult> instant;
    std::optional<RowResult> former;
    const char* separator = "";
    for (const Row& chosenRow : chosen) {
        brushwork::StyleJob row = job;
        chosenRow.prepare(row);
        const bool isFormer = chosenRow.name == "former_default";
        const double rowTarget = isFormer && instant && target <= 0 ? instant->finalLoss : target;
        std::printf("%s", separator);
        const RowResult timed = timeRow(engine, row, chosenRow.name, reference, rowTarget);
        if (chosenRow.name == "instant")
            instant = timed;
        if (isFormer)
            former = timed;
        separator = ",";
        std::fflush(stdout);
    }
    std::printf("]");
    if (target <= 0 && instant && former && instant->plateauSeconds > 0 && former->toTargetSeconds > 0)
        std::printf(",\"default_plateau_s\":%.3f,\"former_default_to_same_loss_s\":%.3f,\"sooner\":%.2f",
                    instant->plateauSeconds, former->toTargetSeconds, former->toTargetSeconds / instant->plateauSeconds);
    std::printf("}\n");
    return kSuccess;
}

} // namespace cli
