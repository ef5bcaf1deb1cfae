// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer entry for the .pth reader: any bytes must parse or be refused
// with brushwork::Error, never crash, hang or run away with memory. Seeds
// are in corpus/pth (written by tst_pthimport; BRUSHWORK_WRITE_FUZZ_SEEDS=1
// rewrites them).
#include "brushwork/error.h"
#include "formats/pthreader.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    try {
        brushwork::pth::parseStateDict(data, size, "fuzz.pth");
    } catch (const brushwork::Error&) {
    }
    return 0;
}
