// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/schedule.h"

#include <algorithm>
#include <cmath>

namespace brushwork {

std::vector<ScaleStep> planRefinement(int previewSide, int finalSide, int iterationsPerStep)
{
    std::vector<ScaleStep> steps;
    if (previewSide < 1 || finalSide <= previewSide)
        return steps;
    // Enlarged more than twice at once, a stroke is blurred over more pixels
    // than a short refinement at the larger size sharpens again.
    const double ratio = double(finalSide) / previewSide;
    const int count = std::max(1, int(std::ceil(std::log2(ratio) - 1e-9)));
    for (int i = 1; i <= count; ++i) {
        const int side = i == count ? finalSide : int(std::lround(previewSide * std::pow(ratio, double(i) / count)));
        steps.push_back({side, std::max(iterationsPerStep, 0)});
    }
    return steps;
}

} // namespace brushwork
