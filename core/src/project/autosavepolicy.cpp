// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/autosavepolicy.h"

namespace brushwork {

AutosavePolicy::AutosavePolicy(Clock::duration interval)
    : mInterval(interval)
    , mLastSave(Clock::now())
{
}

bool AutosavePolicy::due(const Progress& progress, Clock::time_point now) const
{
    return progress.scaleDone || now - mLastSave >= mInterval;
}

void AutosavePolicy::saved(Clock::time_point now)
{
    mLastSave = now;
}

} // namespace brushwork
