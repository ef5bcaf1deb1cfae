// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandoptions.h"
#include "commands.h"
#include "printbench.h"
#include "qualitybench.h"

#include "brushwork/engine.h"
#include "brushwork/image.h"
#include "brushwork/modelfiles.h"

#include <cstdio>
#include <filesystem>
#include <optional>
#include <vector>
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

/// `count` regions of the painting, side by side in vertical bands, the
/// last band left to the blend: what `bench --regions K` times.
std::vector<brushwork::Region> bandRegions(int count, cv::Size size)
{
    std::vector<brushwork::Region> regions;
    for (int r = 0; r < count; ++r) {
        brushwork::Region region;
        region.painting = 0;
        region.mask = cv::Mat(size, CV_32FC1, cv::Scalar(0));
        const int x0 = size.width * r / (count + 1);
        const int x1 = size.width * (r + 1) / (count + 1);
        region.mask.colRange(x0, x1).setTo(1);
        regions.push_back(region);
    }
    return regions;
}

std::string benchRowJson(const brushwork::BenchResult& r, const char* network)
{
    char line[512];
    std::snprintf(line, sizeof line,
                  "{\"network\":\"%s\",\"precision\":\"%s\",\"width\":%d,\"height\":%d,\"canvas\":\"%dx%d\","
                  "\"floor_s\":%.4f,\"eval_s\":%.4f,\"ratio\":%.3f,\"threads\":%d,\"device\":\"%s\"}",
                  network, r.precision.c_str(), r.width, r.height, r.canvasWidth, r.canvasHeight, r.floorSeconds,
                  r.evalSeconds, r.ratio, r.threads, r.device.c_str());
    return line;
}

} // namespace

int benchCommand(const std::vector<std::string>& args)
{
    std::set<std::string> valued = {"repeats", "content", "style", "target-loss", "start", "trace", "sizes", "save", "paths", "preview", "method", "regions"};
    valued.insert(engineOptionNames().begin(), engineOptionNames().end());
    valued.insert(styleOptionNames().begin(), styleOptionNames().end());
    std::set<std::string> flags = {"random-weights"};
    flags.insert(styleFlagNames().begin(), styleFlagNames().end());
    // The mode is taken out before the rest is read: `--print` is also the
    // print-size setting, which a bench of prints does not take.
    std::string mode;
    std::vector<std::string> rest;
    for (const std::string& arg : args) {
        const bool isMode = arg == "--quality" || arg == "--instant" || arg == "--print" || arg == "--video";
        if (isMode && !mode.empty() && arg.substr(2) != mode)
            throw UsageError("bench measures one thing at a time: " + arg + " or --" + mode);
        if (isMode)
            mode = arg.substr(2);
        else
            rest.push_back(arg);
    }
    const Arguments parsed(rest, valued, flags);
    if (!parsed.positional().empty())
        throw UsageError("bench takes no positional arguments");
    if (mode == "quality")
        return qualityBench(parsed);
    if (mode == "instant")
        return instantBench(parsed);
    if (mode == "print")
        return printBench(parsed);
    if (mode == "video")
        return videoBench(parsed);

    brushwork::StyleJob job;
    job.params = styleParams(parsed, 1);
    if (parsed.has("region"))
        throw UsageError("bench makes its own regions: --regions K");
    const int regionCount = parsed.integer("regions", 0, 0, 64);
    const int repeats = parsed.integer("repeats", 3, 1, 1000);
    const auto content = parsed.text("content");
    const auto style = parsed.text("style");

    // --precision all: one engine per precision, timed on the same pictures.
    std::vector<std::optional<brushwork::Precision>> precisions = {std::nullopt};
    if (parsed.text("precision", "auto") == "all")
        precisions = {brushwork::Precision::Float32, brushwork::Precision::BFloat16};

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
    // The engines hold the weights in memory once built; the file can go.
    auto loadEngines = [&] {
        std::error_code ignored;
        try {
            std::vector<brushwork::StyleEngine> engines;
            for (const auto& precision : precisions)
                engines.emplace_back(engineOptions(parsed, randomWeights, precision));
            std::filesystem::remove(randomWeights, ignored);
            return engines;
        } catch (...) {
            std::filesystem::remove(randomWeights, ignored);
            throw;
        }
    };
    std::vector<brushwork::StyleEngine> engines = loadEngines();
    // Checked before the pictures are made or loaded: --size 65536 would
    // make two of 38 GB each.
    const cv::Size generated(job.params.size, job.params.size * 3 / 4);
    for (const brushwork::StyleEngine& engine : engines)
        engine.requireBenchmarkFits(job.params, content ? brushwork::pictureSize(*content) : generated,
                                    {style ? brushwork::pictureSize(*style) : generated});
    job.content = content ? brushwork::loadImage(*content) : generatedPicture(job.params.size, 1);
    job.styles.push_back({style ? brushwork::loadImage(*style) : generatedPicture(job.params.size, 2), "style"});

    // With regions or seamless, the same evaluation without them is timed
    // too, in turn with it round by round, so that a machine growing busier
    // slows both alike: eval_over_plain is the median round's ratio.
    if (regionCount > 0 || job.params.seamless) {
        if (engines.size() > 1)
            throw UsageError("--regions and --seamless are timed at one precision");
        brushwork::StyleJob plain = job;
        plain.params.seamless = false;
        job.params.weights.regions = bandRegions(regionCount, job.content.size());
        const std::vector<brushwork::BenchResult> rows = engines[0].benchmark({plain, job}, repeats);
        const char* network = brushwork::networkName(engines[0].network());
        std::printf("{\"plain\":%s,\"regions\":%d,\"seamless\":%s,\"with\":%s,\"eval_over_plain\":%.3f}\n",
                    benchRowJson(rows[0], network).c_str(), regionCount, job.params.seamless ? "true" : "false",
                    benchRowJson(rows[1], network).c_str(), rows[1].overFirst);
        return kSuccess;
    }

    std::vector<brushwork::BenchResult> rows;
    std::vector<std::string> rowJson;
    const std::string trace = parsed.text("trace", "");
    for (std::size_t i = 0; i < engines.size(); ++i) {
        brushwork::StyleEngine& engine = engines[i];
        std::fprintf(stderr, "Timing %s at %d px on %s, best of %d...\n", brushwork::networkName(engine.network()),
                     job.params.size, engine.deviceName().c_str(), repeats);
        // With two precisions, each trace is named after its own: run-fp32.json, run-bf16.json.
        std::string tracePath = trace;
        if (!trace.empty() && engines.size() > 1)
            tracePath = std::filesystem::path(trace).replace_extension().string() + (i == 0 ? "-fp32" : "-bf16") +
                        std::filesystem::path(trace).extension().string();
        rows.push_back(engine.benchmark({job}, repeats, tracePath).front());
        rowJson.push_back(benchRowJson(rows.back(), brushwork::networkName(engine.network())));
        std::printf("%s\n", rowJson.back().c_str());
        std::fflush(stdout);
    }
    if (rows.size() == 2)
        std::printf("{\"precisions\":[%s,%s],\"bf16_over_fp32_eval\":%.3f,\"bf16_over_fp32_floor\":%.3f}\n",
                    rowJson[0].c_str(), rowJson[1].c_str(), rows[1].evalSeconds / rows[0].evalSeconds,
                    rows[1].floorSeconds / rows[0].floorSeconds);
    return kSuccess;
}

} // namespace cli
