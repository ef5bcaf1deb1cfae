// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandoptions.h"
#include "commands.h"
#include "qualitybench.h"

#include "brushwork/engine.h"
#include "brushwork/image.h"
#include "brushwork/modelfiles.h"

#include <cstdio>
#include <filesystem>
#include <opencv2/core.hpp>
#include <unistd.h>

namespace cli {
namespace {

// Timing does not depend on what the picture shows, only on its size; a
// generated 4:3 picture keeps the benchmark free of input files.
cv::Mat generatedPicture(int longSide, unsigned seed)
{
    cv::Mat picture(longSide * 3 / 4, longSide, CV_32FC3);
    cv::RNG rng(seed);
    rng.fill(picture, cv::RNG::UNIFORM, 0.0, 1.0);
    return picture;
}

} // namespace

int benchCommand(const std::vector<std::string>& args)
{
    std::set<std::string> valued = {"repeats", "content", "style", "target-loss", "start"};
    valued.insert(engineOptionNames().begin(), engineOptionNames().end());
    valued.insert(styleOptionNames().begin(), styleOptionNames().end());
    std::set<std::string> flags = {"random-weights", "quality", "instant"};
    flags.insert(styleFlagNames().begin(), styleFlagNames().end());
    const Arguments parsed(args, valued, flags);
    if (!parsed.positional().empty())
        throw UsageError("bench takes no positional arguments");
    if (parsed.has("quality"))
        return qualityBench(parsed);
    if (parsed.has("instant"))
        return instantBench(parsed);

    brushwork::StyleJob job;
    job.params = styleParams(parsed, 1);
    const int repeats = parsed.integer("repeats", 3, 1, 1000);
    const auto content = parsed.text("content");
    const auto style = parsed.text("style");

    std::string randomWeights;
    if (parsed.has("random-weights")) {
        if (parsed.has("weights"))
            throw UsageError("give either --weights or --random-weights");
        const auto kind = networkOption(parsed, brushwork::NetworkKind::Vgg19);
        randomWeights = (std::filesystem::temp_directory_path() /
                         ("brushwork-bench-" + std::to_string(getpid()) + ".safetensors"))
                            .string();
        brushwork::writeRandomWeights(randomWeights, kind, 1);
    }
    // The engine holds the weights in memory once built; the file can go.
    auto loadEngine = [&] {
        std::error_code ignored;
        try {
            brushwork::StyleEngine engine(engineOptions(parsed, randomWeights));
            std::filesystem::remove(randomWeights, ignored);
            return engine;
        } catch (...) {
            std::filesystem::remove(randomWeights, ignored);
            throw;
        }
    };
    brushwork::StyleEngine engine = loadEngine();
    // Checked before the pictures are made or loaded: --size 65536 would
    // make two of 38 GB each.
    const cv::Size generated(job.params.size, job.params.size * 3 / 4);
    engine.requireBenchmarkFits(job.params, content ? brushwork::pictureSize(*content) : generated,
                                {style ? brushwork::pictureSize(*style) : generated});
    job.content = content ? brushwork::loadImage(*content) : generatedPicture(job.params.size, 1);
    job.styles.push_back({style ? brushwork::loadImage(*style) : generatedPicture(job.params.size, 2), "style"});

    std::fprintf(stderr, "Timing %s at %d px on %s, best of %d...\n", brushwork::networkName(engine.network()),
                 job.params.size, engine.deviceName().c_str(), repeats);
    const brushwork::BenchResult r = engine.benchmark(job, repeats);
    std::printf("{\"network\":\"%s\",\"width\":%d,\"height\":%d,\"floor_s\":%.4f,\"eval_s\":%.4f,\"ratio\":%.3f,"
                "\"threads\":%d,\"device\":\"%s\"}\n",
                brushwork::networkName(engine.network()), r.width, r.height, r.floorSeconds, r.evalSeconds, r.ratio,
                r.threads, r.device.c_str());
    return kSuccess;
}

} // namespace cli
