// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: reading a picture's size from its header stays within
// the bytes given, whatever the header claims.
#include "imaging/imageheader.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    brushwork::imageHeaderSize(data, size);
    return 0;
}
