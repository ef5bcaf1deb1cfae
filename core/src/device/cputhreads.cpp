// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/cputhreads.h"

#include "support/cpucores.h"

#include <algorithm>
#include <cstdlib>
#include <sched.h>
#include <thread>
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

int cpuThreadLimit()
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    return std::max(1, int(std::thread::hardware_concurrency()));
}

int cpuThreadCount(int threads)
{
    const int fromEnvironment = threadsFromEnvironment();
    const int asked = threads > 0 ? threads : fromEnvironment > 0 ? fromEnvironment : physicalCoreCount();
    // More threads than CPUs only take turns: 1024 on 2 cores ran 25 times slower.
    return std::min(asked, cpuThreadLimit());
}

int setCpuThreads(int threads)
{
    const int count = cpuThreadCount(threads);
    torch::set_num_threads(count);
    return count;
}

} // namespace brushwork
