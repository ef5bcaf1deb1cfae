// SPDX-License-Identifier: GPL-3.0-or-later
// When a run's work is saved while it goes: the one rule the command line's
// --autosave and the studio's background autosave both follow.
#pragma once

#include "brushwork/progress.h"

#include <chrono>

namespace brushwork {

class AutosavePolicy {
public:
    using Clock = std::chrono::steady_clock;

    /// The interval the studio and --autosave-every use unless told otherwise.
    static constexpr std::chrono::seconds kDefaultInterval{120};

    explicit AutosavePolicy(Clock::duration interval = kDefaultInterval);

    /// Whether the picture that comes with `progress` should be saved now: at
    /// the end of every scale (the picture just became a finished step), and
    /// otherwise once the interval has passed since the last save.
    bool due(const Progress& progress, Clock::time_point now = Clock::now()) const;
    /// A save happened (or a session began): the interval counts from `now`.
    void saved(Clock::time_point now = Clock::now());
    void setInterval(Clock::duration interval) { mInterval = interval; }

private:
    Clock::duration mInterval;
    Clock::time_point mLastSave;
};

} // namespace brushwork
