// SPDX-License-Identifier: GPL-3.0-or-later
#include "device/devicechoice.h"

#include "brushwork/error.h"

namespace brushwork {

torch::Device chooseDevice(DeviceKind kind)
{
    const bool cuda = torch::cuda::is_available();
    if (kind == DeviceKind::Cuda && !cuda)
        throw Error(ErrorKind::Resource, {}, "no CUDA device is available to this build of Brushwork",
                    "Paint on the CPU, or build against a CUDA-enabled LibTorch (see README)", Remedy::UseTheCpu);
    if (kind == DeviceKind::Cuda || (kind == DeviceKind::Auto && cuda))
        return torch::Device(torch::kCUDA, 0);
    return torch::Device(torch::kCPU);
}

} // namespace brushwork
