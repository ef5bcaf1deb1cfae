// SPDX-License-Identifier: GPL-3.0-or-later
// The studio's one way to do slow work off the GUI thread.
#pragma once

#include "support/errortext.h"


#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QtConcurrent>

#include <exception>
#include <type_traits>

namespace brushwork::studio {

/// The value of a task whose work returns nothing.
struct NoValue {};

/// What a background task hands back: its value, or why it failed in a
/// painter's words.
template <typename T>
struct TaskResult {
    T value{};
    QString error; ///< empty when the work succeeded
    bool ok() const { return error.isEmpty(); }
};

template <typename Work>
using TaskValue = std::conditional_t<std::is_void_v<std::invoke_result_t<Work&>>, NoValue, std::invoke_result_t<Work&>>;

/// Runs `work` on Qt's thread pool and hands its TaskResult to `done` on
/// `receiver`'s thread, by a queued call; never once `receiver` is gone.
/// `work` must only use what it captured by value (reading files, writing
/// them, hashing, checking a network): the GUI thread goes on meanwhile. A
/// brushwork::Error it throws arrives as errortext::describe's words.
template <typename Work, typename Done>
void runInBackground(QObject* receiver, Work work, Done done)
{
    using Result = TaskResult<TaskValue<Work>>;
    auto* watcher = new QFutureWatcher<Result>(receiver);
    QObject::connect(watcher, &QFutureWatcherBase::finished, receiver, [watcher, done = std::move(done)]() mutable {
        watcher->deleteLater();
        done(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([work = std::move(work)]() mutable {
        Result result;
        try {
            if constexpr (std::is_void_v<std::invoke_result_t<Work&>>)
                work();
            else
                result.value = work();
        } catch (const std::exception& error) {
            result.error = errortext::describe(error);
        }
        return result;
    }));
}

} // namespace brushwork::studio
