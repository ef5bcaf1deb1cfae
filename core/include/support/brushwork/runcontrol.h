// SPDX-License-Identifier: GPL-3.0-or-later
// Steering a run from another thread: cancel, pause and live weight changes.
#pragma once

#include "brushwork/params.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace brushwork {

/// Shared between the thread that runs the engine and the thread that steers it
/// (the GUI). Every method is thread-safe and none blocks for longer than a
/// mutex hold, except waitWhilePaused(), which only the engine calls.
class RunControl {
public:
    /// Asks the run to stop before its next evaluation; it returns its best picture.
    void requestCancel();
    bool cancelRequested() const
    {
        return mCancel.load(std::memory_order_acquire) ||
               (mCancelFlag && mCancelFlag->load(std::memory_order_acquire));
    }
    /// Also counts `flag` (which must outlive the run) as a cancel request:
    /// a signal handler may set it, where requestCancel (a mutex) may not be
    /// called, and the engine sees it between layers and tiles in every
    /// phase, not only at the next progress report.
    void cancelWhen(const std::atomic<bool>* flag) { mCancelFlag = flag; }

    /// A paused run blocks between evaluations until resumed or cancelled.
    void setPaused(bool paused);
    bool paused() const { return mPaused.load(std::memory_order_acquire); }

    /// New weights for the run in progress, applied at its next evaluation.
    void steer(const LossWeights& weights);

    /// Clears cancel and pause so the control can drive another run.
    void reset();

    // Engine side.
    /// Blocks while paused; returns false when the run should stop.
    bool waitWhilePaused();
    /// Copies the steered weights into `weights` when they changed since
    /// `generation` (and updates it); returns whether they did.
    bool takeSteering(LossWeights& weights, std::uint64_t& generation) const;

private:
    std::atomic<bool> mCancel{false};
    const std::atomic<bool>* mCancelFlag = nullptr;
    std::atomic<bool> mPaused{false};
    mutable std::mutex mMutex;
    std::condition_variable mResumed;
    LossWeights mWeights;
    std::uint64_t mGeneration = 0; ///< 0 = never steered
};

} // namespace brushwork
