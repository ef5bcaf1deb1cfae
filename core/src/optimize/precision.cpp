// SPDX-License-Identifier: GPL-3.0-or-later
#include "optimize/precision.h"

namespace brushwork {

AutocastScope::AutocastScope(const Compute& compute)
    : mActive(compute.reduced())
    , mCuda(compute.device.is_cuda())
{
    if (!mActive)
        return;
    if (mCuda) {
        mWasEnabled = at::autocast::is_enabled();
        at::autocast::set_enabled(true);
        at::autocast::set_autocast_gpu_dtype(compute.networkType);
    } else {
        mWasEnabled = at::autocast::is_cpu_enabled();
        at::autocast::set_cpu_enabled(true);
        at::autocast::set_autocast_cpu_dtype(compute.networkType);
    }
    at::autocast::increment_nesting();
}

AutocastScope::~AutocastScope()
{
    if (!mActive)
        return;
    // The cache holds reduced copies of weights; they live for one pass.
    if (at::autocast::decrement_nesting() == 0)
        at::autocast::clear_cache();
    if (mCuda)
        at::autocast::set_enabled(mWasEnabled);
    else
        at::autocast::set_cpu_enabled(mWasEnabled);
}

} // namespace brushwork
