// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: a project file is parsed completely or refused with an
// Error; what parses writes back to JSON that parses to the same text.
#include "brushwork/error.h"
#include "brushwork/project.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    brushwork::Project project;
    try {
        project = brushwork::projectFromJson(text, "fuzz.brushwork");
    } catch (const brushwork::Error&) {
        return 0;
    }
    const std::string written = brushwork::projectToJson(project);
    if (brushwork::projectToJson(brushwork::projectFromJson(written, "rewritten")) != written)
        std::abort();
    return 0;
}
