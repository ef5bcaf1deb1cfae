// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/cputhreads.h"

#include "support/cpucores.h"

#include <cstdlib>
#include <string>
#include <torch/torch.h>

namespace brushwork {
namespace {

// Lets a person keep cores free for other work without a command-line
// option (the studio has none), and lets ThreadSanitizer runs avoid OpenMP,
// whose synchronisation it cannot see.
int threadsFromEnvironment()
{
    const char* text = std::getenv("BRUSHWORK_THREADS");
    if (!text || !*text)
        return 0;
    try {
        const int threads = std::stoi(text);
        return threads > 0 && threads <= 1024 ? threads : 0;
    } catch (const std::exception&) {
        return 0;
    }
}

} // namespace

int setCpuThreads(int threads)
{
    const int fromEnvironment = threadsFromEnvironment();
    const int count = threads > 0 ? threads : fromEnvironment > 0 ? fromEnvironment : physicalCoreCount();
    torch::set_num_threads(count);
    return count;
}

} // namespace brushwork
