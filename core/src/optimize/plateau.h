// SPDX-License-Identifier: GPL-3.0-or-later
// Telling when more iterations stop changing the picture, from the losses of
// the evaluations alone.
#pragma once

#include "brushwork/params.h"

#include <deque>

namespace brushwork {

/// The best loss seen falls by less than `tolerance` (relative) over the last
/// `window` evaluations: the optimizer is only polishing what a person no
/// longer sees change. The best loss, not the last, is compared because
/// L-BFGS without a line search now and then steps uphill for one evaluation.
class PlateauDetector {
public:
    explicit PlateauDetector(const PlateauRule& rule);

    /// Records one evaluation's loss; true once the run has reached a plateau.
    bool add(double loss);
    /// Forgets the losses seen, e.g. when the user changed the weights and
    /// the losses no longer compare.
    void reset();

private:
    int mWindow;
    double mTolerance;
    std::deque<double> mBest; ///< the best loss after each of the last window + 1 evaluations
};

} // namespace brushwork
