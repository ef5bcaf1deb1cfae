// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace brushwork {

/// Physical cores (not hyper-threads) of this machine; LibTorch's default of
/// one thread leaves the rest idle, and hyper-threads slow convolutions down.
int physicalCoreCount();

} // namespace brushwork
