// SPDX-License-Identifier: GPL-3.0-or-later
// The engine a run's settings ask for: the network, its precision and
// weights (a plan's or the command line's), on this machine's device.
#pragma once

#include "brushwork/engine.h"
#include "brushwork/runsettings.h"

#include <functional>
#include <string>

namespace brushwork {

/// The engine `values` asks for on `device` with `threads`: its weights,
/// else the installed weights of its network (the built-in SqueezeNet, saying
/// so through `notice`, when there are no others). Throws Error(BadInput)
/// saying how to get weights when there are none.
EngineOptions engineOptionsFor(const RunValues& values, DeviceKind device, int threads,
                               const std::function<void(const std::string&)>& notice = {});

} // namespace brushwork
