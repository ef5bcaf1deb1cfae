// SPDX-License-Identifier: GPL-3.0-or-later
#include "backgroundtask.h"

#include <QThread>

#include <memory>

namespace brushwork {

void runInBackground(QObject* context, std::function<void()> work, std::function<void(std::exception_ptr)> done)
{
    auto thrown = std::make_shared<std::exception_ptr>();
    QThread* thread = QThread::create([work = std::move(work), thrown] {
        try {
            work();
        } catch (...) {
            *thrown = std::current_exception();
        }
    });
    // finished() is emitted on the new thread; both connections queue to threads with event loops.
    QObject::connect(thread, &QThread::finished, context, [done = std::move(done), thrown] { done(*thrown); });
    QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

} // namespace brushwork
