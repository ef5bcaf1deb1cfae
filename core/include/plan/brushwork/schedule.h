// SPDX-License-Identifier: GPL-3.0-or-later
// The coarse-to-fine plan of a run.
#pragma once

#include <vector>

namespace brushwork {

struct ScaleStep {
    int longSide = 0;   ///< pixels
    int iterations = 0; ///< evaluations at this scale
};

/// Scales from about `firstSide` up to `finalSide`, each about sqrt(2) larger
/// than the last, with `totalIterations` split among them. Coarse scales are
/// cheap (a quarter of the pixels per octave) and give a preview quickly; they
/// share a fifth of the iterations, the final scale, which alone sets the
/// detail, keeps the rest.
/// Every scale gets at least one iteration when there are enough to go round.
std::vector<ScaleStep> planScales(int finalSide, int totalIterations, int firstSide = 128);

/// How a print grows from its preview (issue 27): the sizes above
/// `previewSide` up to `finalSide`, evenly spaced in log size and each at
/// most twice the last, with `iterationsPerStep` each (the plateau rule ends
/// each sooner). Empty when `finalSide` is not above `previewSide`.
std::vector<ScaleStep> planRefinement(int previewSide, int finalSide, int iterationsPerStep);

} // namespace brushwork
