// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "background/runreports.h"
#include "background/stylerequest.h"

#include <QImage>
#include <QObject>

#include <chrono>
#include <memory>

namespace brushwork {
class StyleEngine;
}

namespace brushwork::studio {

/// Runs the engine. Lives on the worker thread: run() is only ever called
/// there (queued from StyleRunner), and while it runs this object's event
/// loop is blocked, so the GUI steers through the request's RunControl.
/// Keeps the loaded network between runs.
class StyleWorker : public RunReports {
    Q_OBJECT
public:
    StyleWorker();
    ~StyleWorker() override;

    /// Frames and progress are sent at most this often (the last of a run always).
    static constexpr std::chrono::milliseconds kFrameInterval{100};

    void run(const StyleRequest& request);

private:
    brushwork::StyleEngine& engineFor(const QString& weightsPath);

    std::unique_ptr<brushwork::StyleEngine> mEngine;
    QString mEnginePath;
};

} // namespace brushwork::studio
