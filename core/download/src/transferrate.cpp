// SPDX-License-Identifier: GPL-3.0-or-later
#include "transferrate.h"

namespace brushwork {
namespace {

constexpr qint64 kWindowMs = 5000;

} // namespace

TransferRate::TransferRate()
{
    mClock.start();
    mSamples.emplace_back(0, 0);
}

void TransferRate::add(qint64 bytes)
{
    mBytes += bytes;
    const qint64 now = mClock.elapsed();
    mSamples.emplace_back(now, mBytes);
    // Keep one sample older than the window, so the window is always spanned.
    while (mSamples.size() > 2 && mSamples[1].first < now - kWindowMs)
        mSamples.pop_front();
}

double TransferRate::bytesPerSecond() const
{
    const auto& [firstMs, firstBytes] = mSamples.front();
    const auto& [lastMs, lastBytes] = mSamples.back();
    if (lastMs <= firstMs)
        return 0;
    return double(lastBytes - firstBytes) * 1000.0 / double(lastMs - firstMs);
}

} // namespace brushwork
