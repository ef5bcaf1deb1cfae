// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: a collection plan is parsed completely or refused with
// an Error; what parses writes back to JSON that parses to the same text,
// is counted before it is expanded, and every setting it holds is read by
// the painter's reader (styleParamsOf, pieceNumber) without any other
// exception: the plan check and the painter read alike.
#include "brushwork/collection.h"
#include "brushwork/error.h"

#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

void readAsThePainterDoes(const brushwork::PlanSettings& settings, const std::vector<std::string>& paintings)
{
    brushwork::CollectionPiece piece;
    piece.settings = settings;
    piece.paintings = paintings;
    try {
        (void)brushwork::styleParamsOf(piece);
        for (const char* key : {"strength", "dpi", "size"})
            (void)brushwork::pieceNumber(piece, key, 1);
    } catch (const brushwork::Error&) {
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    brushwork::CollectionPlan plan;
    try {
        plan = brushwork::planFromJson(text, "fuzz.json", "/nonexistent");
    } catch (const brushwork::Error&) {
        return 0;
    }
    const std::string written = brushwork::planToJson(plan);
    if (brushwork::planToJson(brushwork::planFromJson(written, "rewritten", "/nonexistent")) != written)
        std::abort();
    readAsThePainterDoes(plan.settings, {"a.png"});
    for (const brushwork::PlanPieceEntry& entry : plan.pieces)
        readAsThePainterDoes(entry.settings, entry.paintings);
    if (plan.grid)
        for (const auto& [name, settings] : plan.grid->settings)
            readAsThePainterDoes(settings, {"a.png"});
    try {
        // Counted first, so a small plan of many pieces is refused before it is expanded.
        if (brushwork::planPieceCount(plan, "fuzz.json") <= 10000)
            (void)brushwork::expandPlan(plan, "fuzz.json");
    } catch (const brushwork::Error&) {
    }
    return 0;
}
