// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "background/runreports.h"
#include "background/serverevents.h"
#include "background/stylerequest.h"

#include <QImage>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QUrl>

class QNetworkReply;

namespace brushwork::studio {

struct JobPictures;

/// A Brushwork server the studio paints on (brushwork-cli serve).
struct PaintServer {
    QUrl address;     ///< "http://gpu-box:8080"
    QByteArray token; ///< empty: the server asks for none. A secret: never shown or logged.

    bool operator==(const PaintServer& other) const { return address == other.address && token == other.token; }
    bool operator!=(const PaintServer& other) const { return !(*this == other); }
};

/// Paints the studio's runs on a Brushwork server: the run is sent as a job
/// (POST /v1/jobs), its event stream becomes frames and progress, steering,
/// pause and stop become the job's requests, and the finished picture is
/// fetched. It tells what it hears as RunReports, as StyleWorker does,
/// so StyleRunner relays a remote run as it relays a local one. Everything is
/// asynchronous on the GUI thread; pictures are encoded and decoded off it.
class RemotePainter : public RunReports {
    Q_OBJECT
public:
    explicit RemotePainter(PaintServer server, QObject* parent = nullptr);
    /// Cancels a job still painting on the server, waiting a moment for the
    /// answer: the studio closing must not leave it painting there.
    ~RemotePainter() override;

    const PaintServer& server() const { return mServer; }
    /// Paints `request` on the server; a job still painting there is cancelled.
    void run(const StyleRequest& request);
    void setPaused(bool paused);
    /// Cancels the job: the server still sends its best picture, which
    /// finished() reports.
    void cancel();
    void steer(const brushwork::LossWeights& weights);

private:
    enum class Stage { Checking, Uploading, Painting, Fetching, Over };

    QNetworkRequest request(const QString& path) const;
    void send(const QByteArray& verb, const QString& path, const QByteArray& json = {});
    void onHealth(QNetworkReply* reply, quint64 runId);
    void upload(const JobPictures& pictures, quint64 runId);
    void onSubmitted(QNetworkReply* reply, quint64 runId);
    void onEvents(quint64 runId);
    void onStreamEnded(QNetworkReply* reply, quint64 runId);
    void fetchResult(quint64 runId);
    void finish(const QImage& result, bool cancelled);
    void fail(const QString& message);
    /// What went wrong talking to the server, with what to do.
    QString wentAway(const QString& reason) const;
    QString refusal(QNetworkReply* reply) const;

    PaintServer mServer;
    QNetworkAccessManager mNetwork;
    StyleRequest mRun;
    Stage mStage = Stage::Over;
    QString mJobId;
    QPointer<QNetworkReply> mStream;
    ServerEvents mEvents;
    QImage mLastFrame;
    brushwork::Progress mLast;
    bool mCancelled = false;
    bool mPaused = false;
    bool mCancelSent = false;
    brushwork::LossWeights mSteering;
};

} // namespace brushwork::studio
