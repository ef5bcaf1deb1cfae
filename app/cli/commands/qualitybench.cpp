// SPDX-License-Identifier: GPL-3.0-or-later
#include "qualitybench.h"

#include "commandoptions.h"
#include "commands.h"

#include "brushwork/engine.h"
#include "brushwork/image.h"
#include "brushwork/modelfiles.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <unistd.h>

namespace cli {
namespace {

constexpr double kFractions[] = {0.5, 0.1, 0.05};

struct Milestone {
    double seconds = -1;
    int iteration = -1;
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
    Milestone milestones[3];
    double firstPreview = -1;
    int lastScale = -1;
    brushwork::RunControl control;
    brushwork::RunCallbacks callbacks;
    const auto started = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
    callbacks.onFrame = [&](const cv::Mat&, const brushwork::Progress&) {
        if (firstPreview < 0)
            firstPreview = elapsed();
    };
    callbacks.onProgress = [&](const brushwork::Progress& p) {
        lastScale = p.scaleCount - 1;
        if (p.scale != lastScale)
            return;
        for (int i = 0; i < 3; ++i)
            if (milestones[i].seconds < 0 && p.loss <= kFractions[i] * reference)
                milestones[i] = {elapsed(), p.iteration};
        if (milestones[2].seconds >= 0)
            control.requestCancel();
    };
    std::fprintf(stderr, "Painting until the loss is 5%% of the photo's (%.4g) on %s...\n", reference,
                 engine.deviceName().c_str());
    const brushwork::RunResult result = engine.run(job, control, callbacks);

    std::printf("{\"size\":%d,\"reference_loss\":%.6g,\"first_preview_s\":%.3f", job.params.size, reference,
                firstPreview);
    const char* names[] = {"to_50pct", "to_10pct", "to_5pct"};
    for (int i = 0; i < 3; ++i)
        std::printf(",\"%s_s\":%.3f,\"%s_iterations\":%d", names[i], milestones[i].seconds, names[i],
                    milestones[i].iteration);
    std::printf(",\"final_loss\":%.6g,\"iterations\":%d,\"total_s\":%.3f,\"device\":\"%s\"}\n", result.last.loss,
                result.last.iteration, elapsed(), engine.deviceName().c_str());
    return kSuccess;
}

} // namespace cli
