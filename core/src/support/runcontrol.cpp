// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/runcontrol.h"

namespace brushwork {

void RunControl::requestCancel()
{
    {
        std::lock_guard<std::mutex> lock(mMutex);
        mCancel.store(true, std::memory_order_release);
    }
    mResumed.notify_all();
}

void RunControl::setPaused(bool paused)
{
    {
        std::lock_guard<std::mutex> lock(mMutex);
        mPaused.store(paused, std::memory_order_release);
    }
    mResumed.notify_all();
}

void RunControl::steer(const LossWeights& weights)
{
    std::lock_guard<std::mutex> lock(mMutex);
    mWeights = weights;
    ++mGeneration;
}

void RunControl::reset()
{
    std::lock_guard<std::mutex> lock(mMutex);
    mCancel.store(false, std::memory_order_release);
    mPaused.store(false, std::memory_order_release);
}

bool RunControl::waitWhilePaused()
{
    std::unique_lock<std::mutex> lock(mMutex);
    mResumed.wait(lock, [this] { return !mPaused.load() || mCancel.load(); });
    return !mCancel.load();
}

bool RunControl::takeSteering(LossWeights& weights, std::uint64_t& generation) const
{
    std::lock_guard<std::mutex> lock(mMutex);
    if (mGeneration == generation)
        return false;
    weights = mWeights;
    generation = mGeneration;
    return true;
}

} // namespace brushwork
