// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the safetensors header parser must turn any bytes into
// a header or an Error, never a crash, a hang or an allocation of a claimed size.
#include "brushwork/error.h"
#include "formats/safetensors.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    try {
        // The claimed file size is varied too: headers are checked against it.
        const std::uint64_t fileSize = size >= 1 ? size + data[0] * 97u : size;
        brushwork::safetensors::parseHeader(data, size, fileSize, "fuzz.safetensors");
    } catch (const brushwork::Error&) {
    }
    return 0;
}
