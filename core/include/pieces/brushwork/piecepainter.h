// SPDX-License-Identifier: GPL-3.0-or-later
// Paints the pieces of a collection into its folder, keeping the networks
// loaded from one piece to the next: what `batch run` does for each piece.
#pragma once

#include "brushwork/collection.h"
#include "brushwork/collectionfolder.h"
#include "brushwork/progress.h"
#include "brushwork/runcontrol.h"

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace brushwork {

struct PieceOutcome {
    enum Kind { Painted, Failed, Interrupted } kind = Painted;
    std::string reason; ///< why it failed
    int width = 0;
    int height = 0;
};

struct PiecePainterOptions {
    DeviceKind device = DeviceKind::Auto;
    int threads = 0; ///< 0: the engine's default
    std::chrono::seconds autosaveEvery{120};
};

/// What a piece's run reports while it paints (each may be empty).
struct PieceCallbacks {
    /// An optimisation starts on `device` ("cpu", "cuda:0").
    std::function<void(const std::string& device)> onRunStart;
    std::function<void(const Progress& progress)> onProgress;
    /// The optimisation ended, however it ended.
    std::function<void()> onRunEnd;
    /// A notice of the engine, or a warning that the autosave failed.
    std::function<void(const std::string& text)> onNotice;
};

class PiecePainter {
public:
    explicit PiecePainter(PiecePainterOptions options);
    ~PiecePainter();
    PiecePainter(const PiecePainter&) = delete;
    PiecePainter& operator=(const PiecePainter&) = delete;

    /// Paints `piece` into `folder` (going on from its autosave when a
    /// killed run left one) with its recipe (recipeFor) and writes its image,
    /// recipe and record. Call while holding its lock. `control` cancels it
    /// (Interrupted). Errors of the piece itself (a picture that cannot be
    /// read, a run that fails) are recorded in the folder and returned as
    /// Failed; writing into the folder failing throws.
    PieceOutcome paintPiece(const CollectionPiece& piece, CollectionFolder& folder, RunControl& control,
                            const PieceCallbacks& callbacks = {});

private:
    struct Networks;
    PieceOutcome paintOptimized(const CollectionPiece& piece, CollectionFolder& folder, RunControl& control,
                                const PieceCallbacks& callbacks);
    PieceOutcome paintFast(const CollectionPiece& piece, CollectionFolder& folder, const RunControl& control);
    PieceOutcome paintInstant(const CollectionPiece& piece, CollectionFolder& folder, const RunControl& control);

    PiecePainterOptions mOptions;
    std::unique_ptr<Networks> mNetworks;
};

} // namespace brushwork
