// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/jobs/instantpainters.h"

#include <algorithm>

namespace brushwork {

InstantPainters::InstantPainters(DeviceKind device, int threads, int painters, int waiting)
    : mDevice(device)
    , mThreads(threads)
    , mPainters(std::max(1, painters))
    , mLimit(std::max(1, painters) + std::max(0, waiting))
{
}

InstantPainters::~InstantPainters() = default;

std::shared_ptr<void> InstantPainters::admit()
{
    std::lock_guard<std::mutex> lock(mMutex);
    if (mAdmitted >= mLimit)
        return nullptr;
    ++mAdmitted;
    return std::shared_ptr<void>(this, [](InstantPainters* self) {
        std::lock_guard<std::mutex> lock(self->mMutex);
        --self->mAdmitted;
    });
}

cv::Mat InstantPainters::paint(const cv::Mat& photo, const std::vector<cv::Mat>& paintings,
                               const InstantStyleOptions& options)
{
    std::unique_ptr<InstantStyle> network;
    {
        std::unique_lock<std::mutex> lock(mMutex);
        mFreed.wait(lock, [this] { return !mFree.empty() || mLoaded < mPainters; });
        if (!mFree.empty()) {
            network = std::move(mFree.back());
            mFree.pop_back();
        } else {
            ++mLoaded;
        }
    }
    // Given back however the painting ends; a network that failed to load frees its place.
    auto giveBack = [this](std::unique_ptr<InstantStyle> used) {
        std::lock_guard<std::mutex> lock(mMutex);
        if (used)
            mFree.push_back(std::move(used));
        else
            --mLoaded;
        mFreed.notify_one();
    };
    try {
        if (!network)
            network = std::make_unique<InstantStyle>(mDevice, mThreads);
        cv::Mat painted = transferStyle(*network, photo, paintings, options);
        giveBack(std::move(network));
        return painted;
    } catch (...) {
        giveBack(std::move(network));
        throw;
    }
}

} // namespace brushwork
