// SPDX-License-Identifier: GPL-3.0-or-later
#include "optimize/plateau.h"

#include <algorithm>
#include <cmath>

namespace brushwork {
namespace {
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
