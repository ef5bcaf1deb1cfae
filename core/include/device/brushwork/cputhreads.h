// SPDX-License-Identifier: GPL-3.0-or-later
// How many CPU threads the engine's networks use.
#pragma once

namespace brushwork {

/// Sets the CPU threads every network of this process runs on (0: the
/// number in $BRUSHWORK_THREADS, else all physical cores), at most
/// cpuThreadLimit(), and returns the number set. StyleEngine sets it itself;
/// callers that run other networks (FastStyleNetwork) call this first.
int setCpuThreads(int threads);

/// The number setCpuThreads(threads) sets, without setting it.
int cpuThreadCount(int threads);

/// The CPUs this process may run on; more threads than this are not used.
int cpuThreadLimit();

} // namespace brushwork
