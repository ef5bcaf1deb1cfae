// SPDX-License-Identifier: GPL-3.0-or-later
#include "formats/finitetensors.h"

#include "brushwork/error.h"

namespace brushwork {

void requireFiniteTensors(const std::map<std::string, torch::Tensor>& tensors, const std::string& path)
{
    for (const auto& [name, tensor] : tensors)
        if (tensor.is_floating_point() && !torch::isfinite(tensor).all().item<bool>())
            throw Error(ErrorKind::BadInput, path,
                        "tensor " + name + " holds values that are not numbers (NaN or infinity)",
                        "The weights are damaged; download or export them again");
}

} // namespace brushwork
