// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/devicedescription.h"

#include "brushwork/cputhreads.h"

#include <torch/torch.h>

namespace brushwork {

std::string deviceDescription(bool cuda, int cudaIndex, int threads, const std::string& precision)
{
    if (cuda)
        return "GPU (CUDA device " + std::to_string(cudaIndex) + (precision.empty() ? "" : ", " + precision) + ")";
    return "CPU (" + std::to_string(threads) + (threads == 1 ? " thread" : " threads") +
           (precision.empty() ? "" : ", " + precision) + ")";
}

std::string describeDevice(DeviceKind kind, int threads)
{
    const bool cuda = torch::cuda::is_available();
    if (kind == DeviceKind::Cuda && !cuda)
        return "GPU asked for, none available";
    if (kind == DeviceKind::Cuda || (kind == DeviceKind::Auto && cuda))
        return deviceDescription(true, 0, 0);
    return deviceDescription(false, 0, cpuThreadCount(threads));
}

} // namespace brushwork
