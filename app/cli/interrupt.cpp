// SPDX-License-Identifier: GPL-3.0-or-later
#include "interrupt.h"

#include <atomic>
#include <csignal>

namespace cli {
namespace {

// Lock-free, so setting it is async-signal-safe.
std::atomic<bool> sInterrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void onSignal(int)
{
    sInterrupted.store(true);
}

} // namespace

InterruptGuard::InterruptGuard()
{
    sInterrupted.store(false);
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
}

InterruptGuard::~InterruptGuard()
{
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

const std::atomic<bool>& InterruptGuard::flag() const
{
    return sInterrupted;
}

bool InterruptGuard::requested() const
{
    return sInterrupted.load();
}

} // namespace cli
