// SPDX-License-Identifier: GPL-3.0-or-later
// Paints one job into its folder with the networks kept loaded from one job
// to the next: a painter thread owns one (the engine lives and runs on one
// thread).
#pragma once

#include "brushwork/collection.h"
#include "brushwork/engine.h"
#include "brushwork/instantstyle.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace brushwork {

/// The files of a job's folder, named here only.
struct JobFiles {
    explicit JobFiles(std::string folder);
    std::string folder;
    std::string plan() const;     ///< the job as a one-piece collection plan
    std::string record() const;   ///< its status (jobjson.h)
    std::string photo() const;
    std::string painting(std::size_t index) const;
    std::string result() const;   ///< the finished picture, PNG
    std::string recipe() const;   ///< the .brushwork project, autosaved while it paints
};

struct JobRun {
    bool cancelled = false;
    bool painted = false;  ///< a result was written
    Progress last;
};

class JobPainter {
public:
    /// `memoryBudget`: what a job may use (0: most of the free memory).
    JobPainter(EngineOptions engine, std::uint64_t memoryBudget);
    ~JobPainter();

    /// Paints `piece` with `weights` (steering that came before the run
    /// started), going on from the autosaved recipe when `resume` and there
    /// is one. Throws Error for what stops the job.
    JobRun paint(const JobFiles& files, const CollectionPiece& piece, RunControl& control, const LossWeights& weights,
                 bool resume, const RunCallbacks& callbacks);

private:
    JobRun paintOptimized(const JobFiles& files, const CollectionPiece& piece, RunControl& control,
                          const LossWeights& weights, bool resume, const RunCallbacks& callbacks);
    JobRun paintInstant(const JobFiles& files, const CollectionPiece& piece);

    EngineOptions mOptions;
    std::uint64_t mMemoryBudget;
    std::optional<StyleEngine> mEngine;
    std::string mWeightsSha256;
    std::unique_ptr<InstantStyle> mInstant;
};

} // namespace brushwork
