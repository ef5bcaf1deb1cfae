// SPDX-License-Identifier: GPL-3.0-or-later
// The built-in instant networks a server paints /v1/instant requests with:
// a few loaded copies shared by any threads, and a bounded number of
// requests let in at once, so a burst is answered "come back later" instead
// of piling up in memory.
#pragma once

#include "brushwork/instantstyle.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

namespace brushwork {

class InstantPainters {
public:
    /// `painters` networks at most (loaded when first needed), and at most
    /// `painters + waiting` requests in at once.
    InstantPainters(DeviceKind device, int threads, int painters, int waiting);
    ~InstantPainters();

    /// A place among the requests let in, held until the returned handle is
    /// dropped; null when they are all taken.
    std::shared_ptr<void> admit();

    /// `photo` painted in the style of `paintings`, as transferStyle() does,
    /// with the next free network (waiting for one). Any thread.
    cv::Mat paint(const cv::Mat& photo, const std::vector<cv::Mat>& paintings, const InstantStyleOptions& options);

private:
    DeviceKind mDevice;
    int mThreads;
    int mPainters;
    int mLimit;
    std::mutex mMutex;
    std::condition_variable mFreed;
    int mAdmitted = 0;
    std::vector<std::unique_ptr<InstantStyle>> mFree;
    int mLoaded = 0;
};

} // namespace brushwork
