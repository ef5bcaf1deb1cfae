// SPDX-License-Identifier: GPL-3.0-or-later
#include "optimize/plateau.h"

#include <algorithm>
#include <cmath>

namespace brushwork {
namespace {
// Real SqueezeNet, chelsea x starry_night, 256 px, 500 iterations: this stops
// at iteration 319 after 59% of the pixel work, 4% above the loss of all 500,
// and the pictures at 300 and 500 differ by 3.5% mean absolute (at 200: 6.3%,
// visibly grainier). A 10-evaluation window or a 2% step stops near 200-260,
// 8-16% above; a 40-evaluation window runs almost to the end.
constexpr int kDefaultWindow = 20;
constexpr double kDefaultTolerance = 0.01;
} // namespace

PlateauDetector::PlateauDetector(int window, double tolerance)
    : mWindow(std::max(window, 1))
    , mTolerance(tolerance)
{
}

bool PlateauDetector::add(double loss)
{
    if (!std::isfinite(loss))
        return false;
    mBest.push_back(mBest.empty() ? loss : std::min(mBest.back(), loss));
    if (int(mBest.size()) <= mWindow)
        return false;
    mBest.pop_front();
    return mBest.front() - mBest.back() <= mTolerance * std::abs(mBest.front());
}

void PlateauDetector::reset()
{
    mBest.clear();
}

PlateauDetector defaultPlateauDetector()
{
    return PlateauDetector(kDefaultWindow, kDefaultTolerance);
}

} // namespace brushwork
