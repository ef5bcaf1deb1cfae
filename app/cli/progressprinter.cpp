// SPDX-License-Identifier: GPL-3.0-or-later
#include "progressprinter.h"

#include <cmath>
#include <cstdio>
#include <string>
#include <unistd.h>

namespace cli {

ProgressPrinter::ProgressPrinter(std::string mode, std::string device)
    : mMode(std::move(mode))
    , mDevice(std::move(device))
    , mTerminal(isatty(STDERR_FILENO) == 1)
{
    if (mMode == "text")
        std::fprintf(stderr, "Painting on %s\n", mDevice.c_str());
}

namespace {

/// JSON has no NaN or infinity; `null` is what parsers accept.
std::string jsonNumber(double value)
{
    if (!std::isfinite(value))
        return "null";
    char text[32];
    std::snprintf(text, sizeof text, "%.9g", value);
    return text;
}

} // namespace

void ProgressPrinter::print(const brushwork::Progress& p)
{
    if (mMode == "json") {
        std::printf("{\"iteration\":%d,\"total_iterations\":%d,\"scale\":%d,\"scales\":%d,\"size\":[%d,%d],"
                    "\"loss\":%s,\"content\":%s,\"style\":%s,\"tv\":%s,\"elapsed_s\":%.3f,"
                    "\"tile\":%d,\"tiles\":%d,\"pass\":%d,\"passes\":%d,\"may_stop_early\":%s}\n",
                    p.iteration, p.totalIterations, p.scale, p.scaleCount, p.width, p.height,
                    jsonNumber(p.loss).c_str(), jsonNumber(p.content).c_str(), jsonNumber(p.style).c_str(),
                    jsonNumber(p.tv).c_str(), p.elapsedSeconds, p.tile, p.tileCount, p.sweep, p.sweepCount,
                    p.mayStopEarly ? "true" : "false");
        std::fflush(stdout);
        return;
    }
    if (mMode != "text")
        return;
    const int percent = p.totalIterations > 0 ? 100 * p.iteration / p.totalIterations : 100;
    // A log file gets a line per 10% and per tile, a terminal one line kept up to date.
    const int tile = p.tileCount > 0 ? p.sweep * p.tileCount + p.tile : -1;
    if (!mTerminal && percent / 10 == mLastPercent / 10 && tile == mLastTile)
        return;
    mLastPercent = percent;
    mLastTile = tile;
    char tiles[64] = "";
    if (p.tileCount > 0)
        std::snprintf(tiles, sizeof tiles, "  tile %d/%d pass %d/%d", p.tile + 1, p.tileCount, p.sweep + 1,
                      p.sweepCount);
    std::fprintf(stderr, "%s%3d%%  iteration %d/%d  scale %d/%d (%dx%d)%s  loss %.4g  %.1f s%s",
                 mTerminal ? "\r" : "", percent, p.iteration, p.totalIterations, p.scale + 1, p.scaleCount,
                 p.width, p.height, tiles, p.loss, p.elapsedSeconds, mTerminal ? "  " : "\n");
}

void ProgressPrinter::finish()
{
    if (mMode == "text" && mTerminal)
        std::fputc('\n', stderr);
}

} // namespace cli
