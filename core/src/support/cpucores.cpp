// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/cpucores.h"

#include <algorithm>
#include <malloc.h>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <utility>

namespace brushwork {

int physicalCoreCount()
{
    // Each (physical id, core id) pair in /proc/cpuinfo is one physical core.
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::set<std::pair<std::string, std::string>> cores;
    std::string line;
    std::string package = "0";
    while (std::getline(cpuinfo, line)) {
        const auto colon = line.find(':');
        if (colon == std::string::npos)
            continue;
        const std::string key = line.substr(0, line.find_last_not_of(" \t", colon - 1) + 1);
        const std::string value = colon + 2 <= line.size() ? line.substr(colon + 2) : std::string();
        if (key == "physical id")
            package = value;
        else if (key == "core id")
            cores.emplace(package, value);
    }
    if (!cores.empty())
        return int(cores.size());
    return int(std::max(1u, std::thread::hardware_concurrency()));
}

void keepLargeAllocations()
{
#ifdef __GLIBC__
    constexpr int kNeverMap = 1 << 30;
    mallopt(M_MMAP_THRESHOLD, kNeverMap);
    mallopt(M_TRIM_THRESHOLD, kNeverMap);
#endif
}

} // namespace brushwork
