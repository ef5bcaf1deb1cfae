// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace brushwork {

/// Physical cores (not hyper-threads) of this machine; LibTorch's default of
/// one thread leaves the rest idle, and hyper-threads slow convolutions down.
int physicalCoreCount();

/// Keeps large freed blocks in the process instead of returning them to the
/// system: glibc maps every block over 32 MB afresh, and the page faults of
/// re-touching a big picture's activations at every evaluation cost about a
/// tenth of the evaluation's time.
void keepLargeAllocations();

} // namespace brushwork
