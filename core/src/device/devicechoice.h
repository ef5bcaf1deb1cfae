// SPDX-License-Identifier: GPL-3.0-or-later
// Which device the engine's networks run on.
#pragma once

#include "brushwork/params.h"

#include <torch/torch.h>

namespace brushwork {

/// CUDA device 0 for Cuda, and for Auto when a GPU is available; else the
/// CPU. Throws Error(Resource) when Cuda is asked for and there is none.
torch::Device chooseDevice(DeviceKind kind);

} // namespace brushwork
