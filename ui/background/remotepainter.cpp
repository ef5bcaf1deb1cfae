// SPDX-License-Identifier: GPL-3.0-or-later
#include "background/remotepainter.h"

#include "background/jobform.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QHttpMultiPart>
#include <QNetworkReply>
#include <QThreadPool>
#include <QTimer>

namespace brushwork::studio {
namespace {

/// A server that sends nothing for this long in answer to a request (the
/// event stream aside: a paused job is quiet) is taken to be gone.
constexpr int kQuietMs = 60000;
/// How long going away waits for the server to hear its job's cancel.
constexpr int kGoodbyeMs = 2000;

nlohmann::json jsonOf(const QByteArray& bytes)
{
    return nlohmann::json::parse(bytes.toStdString(), nullptr, false);
}

/// Runs `work` on the pool and `then` with its result on the GUI thread,
/// unless `owner` is gone by then.
template <typename Work, typename Then>
void offThread(QObject* owner, Work work, Then then)
{
    QThreadPool::globalInstance()->start([owner = QPointer<QObject>(owner), work, then] {
        auto result = work();
        QMetaObject::invokeMethod(QCoreApplication::instance(), [owner, then, result] {
            if (owner)
                then(result);
        }, Qt::QueuedConnection);
    });
}

} // namespace

RemotePainter::RemotePainter(PaintServer server, QObject* parent)
    : RunReports(parent)
    , mServer(std::move(server))
{
}

RemotePainter::~RemotePainter()
{
    if (mStage != Stage::Painting || mJobId.isEmpty())
        return;
    // The request dies with mNetwork, which goes with this object: it is
    // waited for here (user input set aside), not left to a later event.
    QNetworkReply* reply = mNetwork.post(request("/v1/jobs/" + mJobId + "/cancel"), QByteArray());
    QEventLoop answered;
    connect(reply, &QNetworkReply::finished, &answered, &QEventLoop::quit);
    QTimer::singleShot(kGoodbyeMs, &answered, &QEventLoop::quit);
    answered.exec(QEventLoop::ExcludeUserInputEvents);
    delete reply;
}

QNetworkRequest RemotePainter::request(const QString& path) const
{
    QUrl url = mServer.address;
    const qsizetype query = path.indexOf('?');
    url.setPath(url.path().chopped(url.path().endsWith('/') ? 1 : 0) + path.left(query));
    if (query >= 0)
        url.setQuery(path.mid(query + 1));
    QNetworkRequest request(url);
    if (!mServer.token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + mServer.token);
    request.setTransferTimeout(kQuietMs);
    return request;
}

void RemotePainter::run(const StyleRequest& request)
{
    cancel();
    if (mStream) {
        mStream->disconnect(this);
        mStream->abort();
    }
    mRun = request;
    mStage = Stage::Checking;
    mJobId.clear();
    mEvents = {};
    mLastFrame = {};
    mLast = {};
    mCancelled = mPaused = mCancelSent = false;
    mSteering = request.job.params.weights;
    if (request.job.params.init == brushwork::InitKind::Image)
        Q_EMIT noticed(mRun.runId, tr("The server paints from the photo: going on from the picture on screen is "
                                      "done on this computer (Paint ▸ Paint On…)."));
    if (!request.job.params.weights.regions.empty())
        Q_EMIT noticed(mRun.runId, tr("A server paints the paintings' blend everywhere: regions are painted on "
                                      "this computer only (Paint ▸ Paint On…)."));
    QNetworkReply* reply = mNetwork.get(this->request("/v1/health"));
    const quint64 runId = mRun.runId;
    connect(reply, &QNetworkReply::finished, this, [this, reply, runId] { onHealth(reply, runId); });
}

void RemotePainter::onHealth(QNetworkReply* reply, quint64 runId)
{
    reply->deleteLater();
    if (runId != mRun.runId || mStage != Stage::Checking)
        return;
    if (reply->error() != QNetworkReply::NoError && reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isNull())
        return fail(tr("No Brushwork server answers at %1 (%2). Start it there (brushwork-cli serve), check the "
                       "address in Paint ▸ Paint On…, or paint on this computer.")
                        .arg(mServer.address.toDisplayString(), reply->errorString()));
    const nlohmann::json health = jsonOf(reply->readAll());
    if (!health.is_object() || jsonText(health, "status") != "ok")
        return fail(tr("%1 is not a Brushwork server (its /v1/health answered something else). Check the address "
                       "in Paint ▸ Paint On….")
                        .arg(mServer.address.toDisplayString()));
    Q_EMIT engineReady(runId, tr("Server %1 · %2")
                                  .arg(mServer.address.authority(),
                                       jsonText(health, "device", tr("its device"))));
    mStage = Stage::Uploading;
    const brushwork::StyleJob job = mRun.job;
    offThread(this, [job] { return encodePictures(job); },
              [this, runId](const JobPictures& pictures) { upload(pictures, runId); });
}

void RemotePainter::upload(const JobPictures& pictures, quint64 runId)
{
    if (runId != mRun.runId || mStage != Stage::Uploading)
        return;
    if (mCancelled)
        return finish({}, true);
    QHttpMultiPart* form = jobForm(pictures, jobSettings(mRun.job.params));
    QNetworkReply* reply = mNetwork.post(request("/v1/jobs"), form);
    form->setParent(reply);
    connect(reply, &QNetworkReply::finished, this, [this, reply, runId] { onSubmitted(reply, runId); });
}

void RemotePainter::onSubmitted(QNetworkReply* reply, quint64 runId)
{
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (runId != mRun.runId || mStage != Stage::Uploading) {
        // Taken after its run was replaced: nobody follows it, so it should not paint.
        if (status == 202) {
            const QString id = jsonText(jsonOf(reply->readAll()), "id");
            QNetworkReply* cancel = mNetwork.post(request("/v1/jobs/" + id + "/cancel"), QByteArray());
            connect(cancel, &QNetworkReply::finished, cancel, &QObject::deleteLater);
        }
        return;
    }
    if (status == 0)
        return fail(wentAway(reply->errorString()));
    if (status != 202)
        return fail(refusal(reply));
    mJobId = jsonText(jsonOf(reply->readAll()), "id");
    if (mJobId.isEmpty())
        return fail(tr("%1 took the job but gave no id for it: is it a Brushwork server?")
                        .arg(mServer.address.toDisplayString()));
    mStage = Stage::Painting;
    if (mCancelled) {
        send("POST", "/cancel");
        return finish({}, true);
    }
    if (mPaused)
        send("POST", "/pause");
    if (mSteering.content != mRun.job.params.weights.content || mSteering.style != mRun.job.params.weights.style ||
        mSteering.tv != mRun.job.params.weights.tv || mSteering.styleBlend != mRun.job.params.weights.styleBlend)
        steer(mSteering);
    QNetworkRequest events = request("/v1/jobs/" + mJobId + "/events");
    events.setTransferTimeout(0);
    events.setRawHeader("Accept", "text/event-stream");
    mStream = mNetwork.get(events);
    connect(mStream, &QNetworkReply::readyRead, this, [this, runId] { onEvents(runId); });
    QNetworkReply* stream = mStream;
    connect(stream, &QNetworkReply::finished, this, [this, stream, runId] { onStreamEnded(stream, runId); });
}

void RemotePainter::onEvents(quint64 runId)
{
    if (runId != mRun.runId || mStage != Stage::Painting || !mStream)
        return;
    for (const ServerEvents::Event& event : mEvents.feed(mStream->readAll())) {
        const nlohmann::json status = jsonOf(event.data);
        if (!status.is_object())
            continue;
        if (event.name == "progress") {
            mLast = progressOfJob(status);
            Q_EMIT progressed(runId, mLast);
        } else if (event.name == "preview") {
            // At most 256 px: decoded here in well under a millisecond.
            const QImage frame = QImage::fromData(QByteArray::fromBase64(jsonText(status, "png").toLatin1()), "PNG");
            if (frame.isNull())
                continue;
            mLastFrame = frame.convertToFormat(QImage::Format_RGB888);
            mLast = progressOfJob(status);
            Q_EMIT frameReady(runId, mLastFrame, mLast);
        } else if (event.name == "state") {
            const QString state = jsonText(status, "state");
            if (state == "failed")
                return fail(tr("The server could not paint it: %1")
                                .arg(jsonText(status, "error", tr("no reason given"))));
            if (state == "interrupted")
                return fail(wentAway(tr("it was stopped")));
            if (!jobEnded(state))
                continue;
            mCancelled = mCancelled || state == "cancelled";
            if (jsonFlag(status, "has_result"))
                return fetchResult(runId);
            return finish(mLastFrame, mCancelled);
        }
    }
}

void RemotePainter::onStreamEnded(QNetworkReply* reply, quint64 runId)
{
    reply->deleteLater();
    if (runId != mRun.runId || mStage != Stage::Painting)
        return;
    onEvents(runId); // what arrived with the end
    if (mStage != Stage::Painting)
        return;
    // The stream ends only after the job's last state: it ended before, so the server went away.
    fail(wentAway(reply->error() == QNetworkReply::NoError ? tr("it closed the connection") : reply->errorString()));
}

void RemotePainter::fetchResult(quint64 runId)
{
    mStage = Stage::Fetching;
    QNetworkReply* reply = mNetwork.get(request("/v1/jobs/" + mJobId + "/result?format=png"));
    connect(reply, &QNetworkReply::finished, this, [this, reply, runId] {
        reply->deleteLater();
        if (runId != mRun.runId || mStage != Stage::Fetching)
            return;
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200) {
            Q_EMIT noticed(runId, tr("The finished picture could not be fetched from %1 (%2); the last preview is "
                                     "kept, at its smaller size.")
                                      .arg(mServer.address.toDisplayString(), reply->errorString()));
            return finish(mLastFrame, mCancelled);
        }
        const QByteArray png = reply->readAll();
        offThread(this, [png] { return QImage::fromData(png, "PNG").convertToFormat(QImage::Format_RGB888); },
                  [this, runId](const QImage& result) {
                      if (runId == mRun.runId && mStage == Stage::Fetching)
                          finish(result.isNull() ? mLastFrame : result, mCancelled);
                  });
    });
}

void RemotePainter::finish(const QImage& result, bool cancelled)
{
    mStage = Stage::Over;
    Q_EMIT finished(mRun.runId, result, cancelled);
}

void RemotePainter::fail(const QString& message)
{
    mStage = Stage::Over;
    if (mStream) {
        mStream->disconnect(this);
        mStream->abort();
    }
    Q_EMIT failed(mRun.runId, message);
}

QString RemotePainter::wentAway(const QString& reason) const
{
    return tr("The server at %1 went away while painting (%2). The last picture is kept: start the server again "
              "and press Start, or paint on this computer (Paint ▸ Paint On…).")
        .arg(mServer.address.toDisplayString(), reason);
}

QString RemotePainter::refusal(QNetworkReply* reply) const
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 401)
        return tr("The server at %1 did not take the token: enter its token in Paint ▸ Paint On….")
            .arg(mServer.address.toDisplayString());
    const nlohmann::json error = jsonOf(reply->readAll());
    if (!error.is_object())
        return tr("The server at %1 answered %2 (%3).").arg(mServer.address.toDisplayString()).arg(status)
            .arg(reply->errorString());
    return tr("The server refused the job: %1. %2")
        .arg(jsonText(error, "error"), jsonText(error, "remedy"));
}

void RemotePainter::setPaused(bool paused)
{
    mPaused = paused;
    if (mStage == Stage::Painting)
        send("POST", paused ? "/pause" : "/resume");
}

void RemotePainter::cancel()
{
    if (mStage == Stage::Over || mStage == Stage::Fetching)
        return;
    mCancelled = true;
    if (mStage == Stage::Checking)
        return finish({}, true);
    if (mStage == Stage::Painting && !mCancelSent) {
        mCancelSent = true;
        send("POST", "/cancel");
    }
}

void RemotePainter::steer(const brushwork::LossWeights& weights)
{
    mSteering = weights;
    if (mStage != Stage::Painting)
        return;
    const nlohmann::json body = {{"content_weight", weights.content},
                                 {"style_weight", weights.style},
                                 {"tv_weight", weights.tv},
                                 {"style_weights", weights.styleBlend}};
    send("PATCH", "", QByteArray::fromStdString(body.dump()));
}

void RemotePainter::send(const QByteArray& verb, const QString& path, const QByteArray& json)
{
    QNetworkRequest request = this->request("/v1/jobs/" + mJobId + path);
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    QNetworkReply* reply = mNetwork.sendCustomRequest(request, verb, json);
    const quint64 runId = mRun.runId;
    connect(reply, &QNetworkReply::finished, this, [this, reply, runId] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        // 409: the job ended meanwhile; no answer at all: the stream says so.
        if (runId == mRun.runId && mStage == Stage::Painting && status >= 400 && status != 409)
            Q_EMIT noticed(runId, refusal(reply));
    });
}

} // namespace brushwork::studio
