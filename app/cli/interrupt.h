// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>

namespace cli {

/// While alive, Ctrl-C (SIGINT) and SIGTERM only raise a flag, so a run can
/// stop between evaluations and still write its best picture.
class InterruptGuard {
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    bool requested() const;
    /// Set by the signal handler; for RunControl::cancelWhen.
    const std::atomic<bool>& flag() const;
};

} // namespace cli
