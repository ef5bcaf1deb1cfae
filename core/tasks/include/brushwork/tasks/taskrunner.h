// SPDX-License-Identifier: GPL-3.0-or-later
// Slow work (reading, writing, hashing, running a network) off the thread of
// an event loop, answered on that thread. Qt Core only: the downloader and
// the studio both use it.
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QPromise>

#include <atomic>
#include <exception>
#include <functional>
#include <memory>
#include <type_traits>
#include <utility>

class QThreadPool;

namespace brushwork {

/// The value of work that returns nothing.
struct NoValue {};

/// What a task hands back: its value, or what it threw.
template <typename T>
struct TaskResult {
    T value{};
    std::exception_ptr error; ///< null when the work succeeded
    bool ok() const { return !error; }
};

/// Handed to work that wants it (work taking `const TaskTicket&`): whether
/// it is still wanted, and a way to send news before its answer.
class TaskTicket {
public:
    /// A newer request came, or the runner was discarded or destroyed:
    /// nothing this work sends arrives any more, so it may stop.
    bool superseded() const { return mId != mLatest->load(); }
    /// Calls `news` on the runner's thread, in order with this request's
    /// other news and before its answer, unless superseded by then.
    void report(std::function<void()> news) const { mPromise->addResult(std::move(news)); }

private:
    friend class TaskRunner;
    using Promise = QPromise<std::function<void()>>;
    TaskTicket(std::shared_ptr<const std::atomic<quint64>> latest, quint64 id, std::shared_ptr<Promise> promise)
        : mLatest(std::move(latest)), mId(id), mPromise(std::move(promise))
    {
    }

    std::shared_ptr<const std::atomic<quint64>> mLatest;
    quint64 mId;
    std::shared_ptr<Promise> mPromise;
};

/// Runs requests off its thread, newest wins: a request supersedes the ones
/// before it, so one still waiting never runs and one under way is not
/// answered. The answer, a TaskResult, is handed to `done` on the runner's
/// thread by its event loop, never after the runner is destroyed; a runner
/// is destroyed with its parent. Requests that must each be answered (two
/// files saved one after the other) take a runner each: runOnce().
class TaskRunner : public QObject {
public:
    enum class Thread {
        /// Qt's global thread pool. The destructor does not wait: work under
        /// way runs to its end, so it must only use what it captured by value.
        Shared,
        /// A thread of its own, kept between requests (LibTorch's thread team
        /// stays warm), running one request at a time in order. The
        /// destructor waits for the request under way, so the work may use
        /// its owner.
        Own,
    };

    explicit TaskRunner(QObject* parent = nullptr, Thread thread = Thread::Shared);
    ~TaskRunner() override;

    /// Runs `work()` (or `work(ticket)`), then `done(const TaskResult<V>&)`
    /// with what it returned (V, or NoValue for void) or threw.
    template <typename Work, typename Done>
    void run(Work work, Done done);

    /// run() on a runner of its own, a child of `receiver`, gone once it answered.
    template <typename Work, typename Done>
    static void runOnce(QObject* receiver, Work work, Done done);

    /// Nothing asked so far is answered; what waits does not run.
    void discard() { ++*mLatest; }

private:
    void submit(std::function<void(const TaskTicket&)> task);

    std::shared_ptr<std::atomic<quint64>> mLatest = std::make_shared<std::atomic<quint64>>(0);
    std::unique_ptr<QThreadPool> mOwnThread; ///< null for Thread::Shared
};

template <typename Work, typename Done>
void TaskRunner::run(Work work, Done done)
{
    constexpr bool wantsTicket = std::is_invocable_v<Work&, const TaskTicket&>;
    using Returned = typename std::conditional_t<wantsTicket, std::invoke_result<Work&, const TaskTicket&>,
                                                 std::invoke_result<Work&>>::type;
    using Result = TaskResult<std::conditional_t<std::is_void_v<Returned>, NoValue, Returned>>;
    submit([work = std::move(work), done = std::move(done)](const TaskTicket& ticket) mutable {
        auto result = std::make_shared<Result>();
        try {
            auto call = [&]() -> decltype(auto) {
                if constexpr (wantsTicket)
                    return work(ticket);
                else
                    return work();
            };
            if constexpr (std::is_void_v<Returned>)
                call();
            else
                result->value = call();
        } catch (...) {
            result->error = std::current_exception();
        }
        ticket.report([done, result]() mutable { done(*result); });
    });
}

template <typename Work, typename Done>
void TaskRunner::runOnce(QObject* receiver, Work work, Done done)
{
    auto* runner = new TaskRunner(receiver);
    runner->run(std::move(work), [runner, done = std::move(done)](const auto& result) mutable {
        runner->deleteLater();
        done(result);
    });
}

} // namespace brushwork
