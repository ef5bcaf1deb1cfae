// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the TFLite reader must refuse any malformed model with
// brushwork::Error and read every constant of an accepted one without
// reading past its buffers.
#include "brushwork/error.h"
#include "formats/tflitemodel.h"

#include <cstdint>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    try {
        const brushwork::tflite::Model model(std::vector<std::uint8_t>(data, data + size), "fuzz.tflite");
        for (const brushwork::tflite::TensorInfo& tensor : model.tensors())
            if (tensor.hasData)
                model.floats(tensor.name);
    } catch (const brushwork::Error&) {
    }
    return 0;
}
