// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: style-layer text is read completely or refused with an
// Error; what is read writes back to text that reads to the same layers.
#include "brushwork/error.h"
#include "brushwork/layerspec.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::vector<brushwork::LayerWeight> layers;
    try {
        layers = brushwork::parseStyleLayers(text);
    } catch (const brushwork::Error&) {
        return 0;
    }
    const std::string written = brushwork::styleLayersText(layers);
    if (brushwork::styleLayersText(brushwork::parseStyleLayers(written)) != written)
        std::abort();
    return 0;
}
