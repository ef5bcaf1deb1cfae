// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: reading a picture's size from its header stays within
// the bytes given, whatever the header claims; the decoder-side checks
// (libjpeg through every scan, libtiff's first directory, BMP rows) end in
// a size or an Error, never a crash, a hang or a huge allocation.
#include "brushwork/error.h"
#include "imaging/imageheader.h"
#include "imaging/picturecheck.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    brushwork::imageFormat(data, size);
    brushwork::imageHeaderSize(data, size);
    try {
        brushwork::checkPicture(data, size, "fuzz", 4'000'000);
    } catch (const brushwork::Error&) {
    }
    return 0;
}
