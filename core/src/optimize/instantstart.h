// SPDX-License-Identifier: GPL-3.0-or-later
// Starting a run from the instant picture (InitKind::Instant): the photo
// already painted in the paintings' style by the built-in arbitrary-style
// network, so the optimisation begins where it would otherwise arrive after
// many evaluations.
#pragma once

#include "brushwork/instantstyle.h"
#include "brushwork/params.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace brushwork {

/// Loads the built-in networks on first use and keeps them for later runs.
class InstantStart {
public:
    /// Paints on the engine's device (`cuda`) with its CPU threads.
    InstantStart(bool cuda, int threads);
    ~InstantStart();

    /// `job` itself unless it starts from the instant picture; then the job
    /// starting from that picture (InitKind::Image) at the final scale only:
    /// the picture already has the large shapes that the coarse scales
    /// would paint, and they would blur its strokes when enlarged. Runs over
    /// 512 px, whose picture is painted smaller, and runs whose final scale
    /// is painted in tiles (`finalScaleTiled`; it never stops early, and the
    /// coarse scales' share of the work there was not measured from the
    /// instant picture) keep their coarse scales. Or the job starting from
    /// the photo (InitKind::Content) when the picture cannot be made, which
    /// `notice` is told in words: a missing or damaged network is not a
    /// failure of the run.
    StyleJob prepare(const StyleJob& job, bool finalScaleTiled,
                     const std::function<void(const std::string&)>& notice);

private:
    bool mCuda;
    int mThreads;
    std::unique_ptr<InstantStyle> mNetwork;
};

/// The instant picture of `job`: its content painted with the styles'
/// vectors blended by the job's style blend, at twice the run's size (at
/// most 1024 px) or, when that would not fit in memory, the largest size that
/// does. Empty when the blend
/// gives every style a weight of 0 (there is no style to paint). `cuda`:
/// the network runs on the GPU, whose free memory is the limit.
cv::Mat instantPicture(const InstantStyle& network, const StyleJob& job, bool cuda);

} // namespace brushwork
