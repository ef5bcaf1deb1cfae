// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "brushwork/progress.h"

#include <QImage>
#include <QObject>
#include <QString>

namespace brushwork::studio {

/// What a painter tells of the runs it paints, each signal naming the run:
/// the local StyleWorker and the RemotePainter say the same, so StyleRunner
/// relays either the same way.
class RunReports : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

Q_SIGNALS:
    void engineReady(quint64 runId, const QString& deviceName);
    /// A picture on the way, with the progress it was painted at.
    void frameReady(quint64 runId, const QImage& frame, const brushwork::Progress& progress);
    /// A scale is done: never dropped, unlike frames, so it can be saved.
    void scaleFinished(quint64 runId, const QImage& picture, const brushwork::Progress& progress);
    void progressed(quint64 runId, const brushwork::Progress& progress);
    void finished(quint64 runId, const QImage& result, bool cancelled);
    void failed(quint64 runId, const QString& message);
    /// Something the painter should know that does not stop the run.
    void noticed(quint64 runId, const QString& text);
};

} // namespace brushwork::studio
