// SPDX-License-Identifier: GPL-3.0-or-later
#include "background/styleworker.h"

#include "support/errortext.h"
#include "support/matimage.h"

#include "brushwork/engine.h"

namespace brushwork::studio {

StyleWorker::StyleWorker() = default;
StyleWorker::~StyleWorker() = default;

brushwork::StyleEngine& StyleWorker::engineFor(const QString& weightsPath)
{
    if (!mEngine || mEnginePath != weightsPath) {
        mEngine.reset();
        brushwork::EngineOptions options;
        options.weightsPath = weightsPath.toStdString();
        mEngine = std::make_unique<brushwork::StyleEngine>(options);
        mEnginePath = weightsPath;
    }
    return *mEngine;
}

void StyleWorker::run(const StyleRequest& request)
{
    using Clock = std::chrono::steady_clock;
    const quint64 id = request.runId;
    try {
        brushwork::StyleEngine& engine = engineFor(request.weightsPath);
        Q_EMIT engineReady(id, QString::fromStdString(engine.deviceName()));

        Clock::time_point lastFrame{};
        Clock::time_point lastProgress{};
        brushwork::RunCallbacks callbacks;
        callbacks.onProgress = [&](const brushwork::Progress& progress) {
            const auto now = Clock::now();
            if (now - lastProgress >= kFrameInterval / 2 || progress.iteration == progress.totalIterations) {
                lastProgress = now;
                Q_EMIT progressed(id, progress);
            }
        };
        callbacks.onFrame = [&](const cv::Mat& frame, const brushwork::Progress& progress) {
            if (progress.scaleDone)
                Q_EMIT scaleFinished(id, matimage::toQImage(frame, true), progress);
            const auto now = Clock::now();
            if (now - lastFrame >= kFrameInterval) {
                lastFrame = now;
                Q_EMIT frameReady(id, matimage::toQImage(frame), progress);
            }
        };
        callbacks.onNotice = [&](const std::string& text) { Q_EMIT noticed(id, QString::fromStdString(text)); };
        const brushwork::RunResult result = engine.run(request.job, *request.control, callbacks);
        Q_EMIT progressed(id, result.last);
        Q_EMIT finished(id, matimage::toQImage(result.image, true), result.cancelled || result.failure);
        if (result.failure)
            Q_EMIT failed(id, errortext::describe(*result.failure));
    } catch (const std::exception& error) {
        Q_EMIT failed(id, errortext::describe(error));
    }
}

} // namespace brushwork::studio
