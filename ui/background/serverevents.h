// SPDX-License-Identifier: GPL-3.0-or-later
// What a Brushwork server's job stream says (GET /v1/jobs/{id}/events):
// server-sent events read as they arrive, and a job's status as the
// engine's Progress, so a remote run reports as a local one does.
#pragma once

#include "brushwork/progress.h"

#include <QByteArray>
#include <QList>

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

/// A job's status JSON (iteration, losses, elapsed_s) as Progress.
brushwork::Progress progressOfJob(const nlohmann::json& status);

/// "done", "cancelled" and "failed": the job paints no more.
bool jobEnded(const std::string& state);

} // namespace brushwork::studio
