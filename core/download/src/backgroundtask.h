// SPDX-License-Identifier: GPL-3.0-or-later
// Work that would stall an event loop (hashing or converting hundreds of MB)
// done on a thread of its own.
#pragma once

#include <exception>
#include <functional>

class QObject;

namespace brushwork {

/// Runs `work` on a new thread, then `done` on `context`'s thread with what
/// `work` threw (null when it returned). When `context` is destroyed first,
/// `done` is not called; the thread still runs to its end and cleans up.
void runInBackground(QObject* context, std::function<void()> work, std::function<void(std::exception_ptr)> done);

} // namespace brushwork
