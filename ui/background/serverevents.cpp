// SPDX-License-Identifier: GPL-3.0-or-later
#include "background/serverevents.h"

namespace brushwork::studio {

QList<ServerEvents::Event> ServerEvents::feed(const QByteArray& bytes)
{
    mPending += bytes;
    mPending.replace("\r\n", "\n");
    QList<Event> events;
    qsizetype end;
    while ((end = mPending.indexOf("\n\n")) >= 0) {
        Event event{"message", {}};
        for (const QByteArray& line : mPending.left(end).split('\n')) {
            if (line.startsWith("event:"))
                event.name = line.mid(6).trimmed();
            else if (line.startsWith("data:"))
                event.data += (event.data.isEmpty() ? QByteArray() : QByteArray("\n")) + line.mid(5).trimmed();
        }
        mPending.remove(0, end + 2);
        if (!event.data.isEmpty())
            events.append(event);
    }
    return events;
}

brushwork::Progress progressOfJob(const nlohmann::json& status)
{
    brushwork::Progress progress;
    progress.iteration = status.value("iteration", 0);
    progress.totalIterations = status.value("total_iterations", 0);
    progress.elapsedSeconds = status.value("elapsed_s", 0.0);
    if (const auto losses = status.find("losses"); losses != status.end() && losses->is_object()) {
        progress.loss = losses->value("total", 0.0);
        progress.content = losses->value("content", 0.0);
        progress.style = losses->value("style", 0.0);
        progress.tv = losses->value("tv", 0.0);
    }
    // The server's estimate is linear in iterations; a plan of one step
    // makes the studio's estimate the same.
    if (progress.totalIterations > 0)
        progress.plan = {{1, progress.totalIterations}};
    return progress;
}

bool jobEnded(const std::string& state)
{
    return state == "done" || state == "cancelled" || state == "failed";
}

} // namespace brushwork::studio
