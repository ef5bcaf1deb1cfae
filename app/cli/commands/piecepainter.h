// SPDX-License-Identifier: GPL-3.0-or-later
// Paints one piece of a collection into its folder, keeping the networks
// loaded from one piece to the next.
#pragma once

#include "interrupt.h"

#include "brushwork/collectionfolder.h"
#include "brushwork/engine.h"
#include "brushwork/faststyle.h"
#include "brushwork/instantstyle.h"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace cli {

struct PieceOutcome {
    enum Kind { Painted, Failed, Interrupted } kind = Painted;
    std::string reason; ///< why it failed
    int width = 0;
    int height = 0;
};

class PiecePainter {
public:
    /// `device`: auto, cpu or cuda; `threads`: 0 for the engine's default;
    /// `liveProgress`: a status line per evaluation on stderr.
    PiecePainter(brushwork::CollectionFolder& folder, std::string device, int threads, int autosaveSeconds,
                 bool liveProgress, const InterruptGuard& interrupt);

    /// Paints `piece` (going on from its autosave when a killed run left
    /// one), writes its image, recipe and record. Call while holding its lock.
    /// Errors of the piece itself (a picture that cannot be read, a run that
    /// fails) are recorded in the folder and returned as Failed.
    PieceOutcome paint(const brushwork::CollectionPiece& piece);

private:
    PieceOutcome paintOptimized(const brushwork::CollectionPiece& piece);
    PieceOutcome paintFast(const brushwork::CollectionPiece& piece);
    PieceOutcome paintInstant(const brushwork::CollectionPiece& piece);
    brushwork::StyleEngine& engineFor(const brushwork::CollectionPiece& piece, std::string& weightsSha256);

    brushwork::CollectionFolder& mFolder;
    std::string mDevice;
    int mThreads;
    int mAutosaveSeconds;
    bool mLiveProgress;
    const InterruptGuard& mInterrupt;
    std::string mEngineKey;
    std::optional<brushwork::StyleEngine> mEngine;
    std::string mEngineWeightsSha256;
    std::map<std::string, std::unique_ptr<brushwork::FastStyleNetwork>> mFastNetworks;
    std::map<std::string, std::string> mFastNetworkSha256;
    std::unique_ptr<brushwork::InstantStyle> mInstant;
    std::string mInstantSha256; ///< of the built-in style transformer
};

} // namespace cli
