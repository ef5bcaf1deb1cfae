// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/tasks/taskrunner.h"

#include <QThreadPool>

namespace brushwork {

TaskRunner::TaskRunner(QObject* parent, Thread thread)
    : QObject(parent)
{
    if (thread == Thread::Own) {
        mOwnThread = std::make_unique<QThreadPool>();
        mOwnThread->setMaxThreadCount(1);
        mOwnThread->setExpiryTimeout(-1);
    }
}

TaskRunner::~TaskRunner()
{
    discard();
    if (mOwnThread) {
        mOwnThread->clear();
        mOwnThread->waitForDone();
    }
}

void TaskRunner::submit(std::function<void(const TaskTicket&)> task)
{
    const quint64 id = ++*mLatest;
    auto promise = std::make_shared<TaskTicket::Promise>();
    // The watcher, a child, answers on this thread and goes with the runner:
    // work that outlives it reports into a promise nobody watches.
    auto* watcher = new QFutureWatcher<std::function<void()>>(this);
    connect(watcher, &QFutureWatcherBase::resultReadyAt, this, [this, watcher, id](int index) {
        if (id == *mLatest)
            watcher->future().resultAt(index)();
    });
    connect(watcher, &QFutureWatcherBase::finished, watcher, &QObject::deleteLater);
    watcher->setFuture(promise->future());
    promise->start();
    const TaskTicket ticket(mLatest, id, promise);
    auto job = [task = std::move(task), ticket, promise] {
        if (!ticket.superseded())
            task(ticket);
        promise->finish();
    };
    if (mOwnThread)
        mOwnThread->start(job);
    else
        QThreadPool::globalInstance()->start(job);
}

} // namespace brushwork
