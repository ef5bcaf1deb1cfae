// SPDX-License-Identifier: GPL-3.0-or-later
#include "openmpwait.h"

#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace cli {

void restartWithPassiveThreadsFor(int argc, char** argv)
{
    if (argc < 2 || std::getenv("OMP_WAIT_POLICY"))
        return;
    if (std::strcmp(argv[1], "video") != 0 && std::strcmp(argv[1], "serve") != 0)
        return;
    if (setenv("OMP_WAIT_POLICY", "PASSIVE", 1) != 0)
        return;
    execv("/proc/self/exe", argv);
    // Not restarted (no /proc): the command still works, only slower.
    unsetenv("OMP_WAIT_POLICY");
}

} // namespace cli
