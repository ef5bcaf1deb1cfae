// SPDX-License-Identifier: GPL-3.0-or-later
// The subcommands of brushwork-cli; each returns the process exit code.
#pragma once

#include "arguments.h"

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace cli {

/// Exit codes scripts can rely on.
enum ExitCode {
    kSuccess = 0,
    kFailure = 1,
    kUsage = 2,
    kBadInput = 3,
    kInterrupted = 4,
    kDownloadFailed = 5, ///< the network, the server or a checksum; nothing was installed
};

int renderCommand(const std::vector<std::string>& args);
int benchCommand(const std::vector<std::string>& args);
int modelsCommand(const std::vector<std::string>& args);
int fastCommand(const std::vector<std::string>& args);
int instantCommand(const std::vector<std::string>& args);
int patternCommand(const std::vector<std::string>& args);
/// bench --instant: the built-in arbitrary-style networks' timing.
int instantBench(const Arguments& args);
int batchCommand(const std::vector<std::string>& args);
/// The HTTP API and web page (brushwork_server), until interrupted.
int serveCommand(const std::vector<std::string>& args);
int videoCommand(const std::vector<std::string>& args);
/// bench --video: painting a generated clip, frames a second.
int videoBench(const Arguments& args);
/// Whether `path` is a clip (a build without clips reads none).
bool isClip(const std::string& path);
/// Frame `frame` (from 1) of `clip`, the photo of a project saved with a
/// clip open; refused (bad input) by a build without clips.
cv::Mat projectClipFrame(const std::string& clip, int frame);

} // namespace cli
