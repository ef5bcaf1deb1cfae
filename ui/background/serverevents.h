// SPDX-License-Identifier: GPL-3.0-or-later
// What a Brushwork server's job stream says (GET /v1/jobs/{id}/events):
// server-sent events read as they arrive, and a job's status as the
// engine's Progress, so a remote run reports as a local one does.
#pragma once

#include "brushwork/progress.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <nlohmann/json.hpp>

namespace brushwork::studio {

class ServerEvents {
public:
    struct Event {
        QByteArray name; ///< "state", "progress", "preview"
        QByteArray data;
    };

    /// The events completed by `bytes` (a stream arrives in any pieces).
    QList<Event> feed(const QByteArray& bytes);

private:
    QByteArray mPending;
};

/// What a server answered is not trusted to be well formed: these read a
/// field of `object`, or give `fallback` when it is missing or of another kind.
QString jsonText(const nlohmann::json& object, const char* key, const QString& fallback = {});
double jsonNumber(const nlohmann::json& object, const char* key, double fallback = 0);
bool jsonFlag(const nlohmann::json& object, const char* key);

/// A job's status JSON (iteration, losses, elapsed_s) as Progress.
brushwork::Progress progressOfJob(const nlohmann::json& status);

/// "done", "cancelled" and "failed": the job paints no more.
bool jobEnded(const QString& state);

} // namespace brushwork::studio
