// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "brushwork/progress.h"

#include <string>

namespace cli {

/// Reports a run's progress: "json" prints one object per evaluation on
/// stdout for scripts; "text" keeps one status line on stderr; "none" is quiet.
class ProgressPrinter {
public:
    ProgressPrinter(std::string mode, std::string device);
    void print(const brushwork::Progress& progress);
    void finish();

private:
    std::string mMode;
    std::string mDevice;
    bool mTerminal = false;
    int mLastPercent = -1;
    int mLastTile = -1;
};

} // namespace cli
