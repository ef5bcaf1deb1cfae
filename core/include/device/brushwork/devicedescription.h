// SPDX-License-Identifier: GPL-3.0-or-later
// Where the networks run, in the words the studio's status line, the
// command line and a server's health report show.
#pragma once

#include "brushwork/params.h"

#include <string>

namespace brushwork {

/// "CPU (2 threads)", "CPU (8 threads, bf16)", "GPU (CUDA device 0, fp16)":
/// `precision` is shown for a GPU always and for the CPU when not empty.
std::string deviceDescription(bool cuda, int cudaIndex, int threads, const std::string& precision = {});

/// The device an engine given `kind` and `threads` would run on, described
/// without loading a network: what a server reports before its first job.
std::string describeDevice(DeviceKind kind, int threads);

} // namespace brushwork
