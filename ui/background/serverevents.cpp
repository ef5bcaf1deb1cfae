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

QString jsonText(const nlohmann::json& object, const char* key, const QString& fallback)
{
    if (!object.is_object() || !object.contains(key) || !object[key].is_string())
        return fallback;
    return QString::fromStdString(object[key].get<std::string>());
}

double jsonNumber(const nlohmann::json& object, const char* key, double fallback)
{
    if (!object.is_object() || !object.contains(key) || !object[key].is_number())
        return fallback;
    return object[key].get<double>();
}

bool jsonFlag(const nlohmann::json& object, const char* key)
{
    return object.is_object() && object.contains(key) && object[key].is_boolean() && object[key].get<bool>();
}

brushwork::Progress progressOfJob(const nlohmann::json& status)
{
    brushwork::Progress progress;
    progress.iteration = int(jsonNumber(status, "iteration"));
    progress.totalIterations = int(jsonNumber(status, "total_iterations"));
    progress.elapsedSeconds = jsonNumber(status, "elapsed_s");
    if (status.is_object() && status.contains("losses")) {
        const nlohmann::json& losses = status["losses"];
        progress.loss = jsonNumber(losses, "total");
        progress.content = jsonNumber(losses, "content");
        progress.style = jsonNumber(losses, "style");
        progress.tv = jsonNumber(losses, "tv");
    }
    // The server's estimate is linear in iterations; a plan of one step
    // makes the studio's estimate the same.
    if (progress.totalIterations > 0)
        progress.plan = {{1, progress.totalIterations}};
    return progress;
}

bool jobEnded(const QString& state)
{
    return state == "done" || state == "cancelled" || state == "failed";
}

} // namespace brushwork::studio
