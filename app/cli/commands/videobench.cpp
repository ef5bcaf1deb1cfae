// SPDX-License-Identifier: GPL-3.0-or-later
// `bench --video`: painting a generated pan as `video` paints a clip, flow,
// reading and encoding included: instant's frames a second and optimize's
// seconds a frame after the first (which starts from nothing).
#include "commands.h"
#include "videooptions.h"

#include "brushwork/image.h"

#include <opencv2/imgproc.hpp>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace cli {
namespace {

using Clock = std::chrono::steady_clock;

/// A folder of `count` frames of `width` × 3/4 panning 4 px a frame across
/// a smooth random texture (what the frames show does not change the time).
void writePan(const std::string& folder, int width, int count)
{
    const int height = width * 3 / 4;
    cv::Mat texture(height, width + 4 * count, CV_32FC3);
    cv::RNG rng(7);
    rng.fill(texture, cv::RNG::UNIFORM, 0.0, 1.0);
    cv::GaussianBlur(texture, texture, cv::Size(0, 0), 3.0);
    std::filesystem::create_directories(folder);
    for (int i = 0; i < count; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "/frame_%04d.png", i + 1);
        brushwork::saveImage(folder + name, texture(cv::Rect(4 * i, 0, width, height)));
    }
}

} // namespace

int videoBench(const Arguments& args)
{
    brushwork::ClipOptions options = clipOptions(args, 1);
    const bool optimize = options.method == brushwork::ClipMethod::Optimize;
    const int frames = optimize ? 3 : 12;
    const std::filesystem::path scratch =
        std::filesystem::temp_directory_path() / ("brushwork-video-bench-" + std::to_string(::getpid()));
    struct Cleanup {
        std::filesystem::path path;
        ~Cleanup()
        {
            std::error_code ignored;
            std::filesystem::remove_all(path, ignored);
        }
    } cleanup{scratch};
    writePan((scratch / "in").string(), options.size, frames);
    cv::Mat painting(256, 256, CV_32FC3);
    cv::RNG(3).fill(painting, cv::RNG::UNIFORM, 0.0, 1.0);
    brushwork::saveImage((scratch / "painting.png").string(), painting);

    std::vector<double> doneAt;
    std::vector<std::clock_t> cpuAt; // the process's CPU time: on a shared machine, steadier than the clock's
    Clock::time_point start = Clock::now();
    brushwork::ClipCallbacks callbacks;
    callbacks.onFrame = [&](const brushwork::ClipProgress&) {
        doneAt.push_back(std::chrono::duration<double>(Clock::now() - start).count());
        cpuAt.push_back(std::clock());
    };
    brushwork::RunControl control;
    const brushwork::ClipResult result = brushwork::paintClip((scratch / "in").string(), {(scratch / "painting.png").string()},
                                                              (scratch / "out.mp4").string(), options, control, callbacks);
    const double total = std::chrono::duration<double>(Clock::now() - start).count();
    // After the first frame: the networks are loaded by then, and optimize's
    // first frame is a still painted from nothing.
    const double perFrame = (total - doneAt.front()) / double(frames - 1);
    const double cpuPerFrame = double(std::clock() - cpuAt.front()) / CLOCKS_PER_SEC / double(frames - 1);
    std::fprintf(stderr, "%s at %d px wide, %d frames (the machine's load makes these noisy):\n",
                 optimize ? "optimize" : "instant", options.size, frames);
    std::printf("{\"video\":\"%s\",\"width\":%d,\"frames\":%d,\"first_frame_s\":%.3f,\"seconds_per_frame\":%.3f,"
                "\"frames_per_second\":%.3f,\"cpu_seconds_per_frame\":%.3f,\"codec\":\"%s\",\"warping_error\":%.6f}\n",
                optimize ? "optimize" : "instant", options.size, frames, doneAt.front(), perFrame, 1.0 / perFrame, cpuPerFrame,
                result.codec.c_str(), result.last.warpingError);
    return kSuccess;
}

} // namespace cli
