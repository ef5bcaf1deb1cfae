// SPDX-License-Identifier: GPL-3.0-or-later
#include "apiserver.h"

#include "requesthelpers.h"
#include "uploadguard.h"

#include "brushwork/builtinmodels.h"
#include "brushwork/devicedescription.h"
#include "brushwork/jobs/jobjson.h"
#include "brushwork/sha256.h"
#include "brushwork/version.h"

#include <QFile>
#include <QHttpServerRequest>
#include <QTcpSocket>

#include <filesystem>

namespace server {
namespace {

/// Compares the token's hash with the hash of what was sent, byte by byte
/// through every byte: how long it takes says nothing about the token.
bool sameSecret(const QByteArray& expected, const QByteArray& given)
{
    const std::string a = brushwork::sha256Hex(expected.constData(), std::size_t(expected.size()));
    const std::string b = brushwork::sha256Hex(given.constData(), std::size_t(given.size()));
    unsigned char difference = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

Reply resource(const QString& path, const QByteArray& contentType)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return errorReply(404, "there is nothing at this address", "See /v1/openapi.json for the API");
    Reply reply;
    reply.contentType = contentType;
    reply.body = file.readAll();
    return reply;
}

nlohmann::json fileEntry(const std::string& path)
{
    return {{"file", std::filesystem::path(path).filename().string()}, {"sha256", brushwork::sha256File(path)}};
}

} // namespace

bool needsToken(const QHostAddress& host)
{
    return !host.isLoopback();
}

ApiServer::ApiServer(ServerOptions options, QObject* parent)
    : QAbstractHttpServer(parent)
    , mOptions(std::move(options))
{
    if (needsToken(mOptions.host) && mOptions.token.isEmpty())
        throw brushwork::Error(brushwork::ErrorKind::Usage, {},
                               "a server on " + mOptions.host.toString().toStdString() +
                                   " can be reached from other machines and needs a token",
                               "Give --token T or --token-file F, or serve on 127.0.0.1");
    brushwork::JobQueueOptions queue;
    queue.dataFolder = mOptions.dataFolder;
    queue.painters = mOptions.jobs;
    queue.capacity = mOptions.jobs + mOptions.queue;
    queue.engine = mOptions.engine;
    queue.memoryBudget = mOptions.memoryBudget;
    queue.retention = mOptions.retention;
    // Hashed now: a weights file that cannot be read stops the server before
    // it takes a job, not the first job that needs it.
    mModels = {{"feature_network", fileEntry(mOptions.engine.weightsPath)},
               {"instant",
                {fileEntry(brushwork::builtinModelPath(brushwork::kStylePredictorFile)),
                 fileEntry(brushwork::builtinModelPath(brushwork::kStyleTransformerFile))}}};
    mDevice = brushwork::describeDevice(mOptions.engine.device, mOptions.engine.threads);
    mQueue = std::make_unique<brushwork::JobQueue>(queue);
    mInstant = std::make_unique<brushwork::InstantPainters>(mOptions.engine.device, mOptions.engine.threads,
                                                            mOptions.jobs, mOptions.queue);
    mPool.setMaxThreadCount(std::max(1, mOptions.jobs));
    mListener = mQueue->subscribe([this](const brushwork::JobEvent& event) {
        QMetaObject::invokeMethod(this, [this, event] { deliver(event); }, Qt::QueuedConnection);
    });
    auto* listener = new UploadGuard(mOptions.maxUpload, this);
    if (!listener->listen(mOptions.host, mOptions.port))
        throw brushwork::Error(brushwork::ErrorKind::Io, {},
                               "cannot listen on " + mOptions.host.toString().toStdString() + " port " +
                                   std::to_string(mOptions.port) + " (" + listener->errorString().toStdString() + ")",
                               "Choose another --port, or stop what uses it");
    mPort = listener->serverPort();
    bind(listener);
}

ApiServer::~ApiServer()
{
    mQueue->unsubscribe(mListener);
    mPool.waitForDone();
    mQueue.reset();
}

bool ApiServer::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    bool answered = false;
    Reply reply;
    try {
        reply = route(request, socket, answered);
    } catch (const brushwork::Error& error) {
        reply = replyFor(error);
    } catch (const std::bad_alloc&) {
        reply = errorReply(503, "the server ran out of memory for this request", "Try again later, or send less");
    } catch (const std::exception& error) {
        // Not the request's fault: the one place a 500 is the truth.
        reply = errorReply(500, std::string("the server failed (") + error.what() + ")",
                           "Try again; if it persists, report it with the server's log");
    }
    if (answered)
        return true;
    reply.headers += corsHeaders(request);
    if (headerOf(request, "Connection").toLower() == "close")
        reply.close = true;
    send(socket, reply);
    return true;
}

void ApiServer::missingHandler(const QHttpServerRequest& request, QTcpSocket* socket)
{
    send(socket, errorReply(404, "there is nothing at " + request.url().path().toStdString(),
                            "See /v1/openapi.json for the API"));
}

Headers ApiServer::corsHeaders(const QHttpServerRequest& request) const
{
    if (mOptions.allowOrigin.isEmpty() || headerOf(request, "Origin") != mOptions.allowOrigin)
        return {};
    return {{"Access-Control-Allow-Origin", mOptions.allowOrigin},
            {"Access-Control-Allow-Headers", "Authorization, Content-Type"},
            {"Access-Control-Allow-Methods", "GET, POST, PATCH, OPTIONS"}};
}

bool ApiServer::authorized(const QHttpServerRequest& request) const
{
    if (mOptions.token.isEmpty())
        return true;
    const QByteArray header = headerOf(request, "Authorization");
    const QByteArray scheme = "Bearer ";
    return header.startsWith(scheme) && sameSecret(mOptions.token, header.mid(scheme.size()).trimmed());
}

Reply ApiServer::route(const QHttpServerRequest& request, QTcpSocket* socket, bool& answered)
{
    using Method = QHttpServerRequest::Method;
    const QString path = request.url().path();
    const Method method = request.method();
    if (method == Method::Options)
        return Reply{204, "text/plain", {}, {}, false};
    if (method == Method::Get && path == "/v1/health")
        return health();
    if (method == Method::Get && (path == "/" || path == "/app.js" || path == "/style.css" || path == "/v1/openapi.json"))
        return page(path);
    if (!authorized(request))
        return errorReply(401, "this server needs its token",
                          "Send the header \"Authorization: Bearer TOKEN\" with the server's token");
    const QStringList parts = path.split('/', Qt::SkipEmptyParts);
    if (method == Method::Get && path == "/v1/models")
        return models();
    if (method == Method::Post && path == "/v1/instant")
        return instant(request, socket, answered);
    if (path == "/v1/jobs" && method == Method::Post)
        return submitJob(request);
    if (path == "/v1/jobs" && method == Method::Get) {
        nlohmann::json jobs = nlohmann::json::array();
        for (const brushwork::JobStatus& status : mQueue->list())
            jobs.push_back(brushwork::jobStatusToJson(status));
        return jsonReply(200, {{"jobs", jobs}});
    }
    if (parts.size() >= 3 && parts[0] == "v1" && parts[1] == "jobs") {
        const std::string id = parts[2].toStdString();
        if (!mQueue->status(id))
            return errorReply(404, "there is no job " + id + " on this server",
                              "GET /v1/jobs lists the jobs; finished ones are removed after the retention time");
        const QString action = parts.size() == 4 ? parts[3] : QString();
        if (parts.size() == 3 && method == Method::Get)
            return jobStatus(id);
        if (parts.size() == 3 && method == Method::Patch)
            return steerJob(id, request.body());
        if (action == "events" && method == Method::Get) {
            openEvents(id, socket);
            answered = true;
            return {};
        }
        if (action == "result" && method == Method::Get)
            return jobResult(id, request.query().queryItemValue("format"));
        if (action == "recipe" && method == Method::Get)
            return jobRecipe(id);
        if ((action == "pause" || action == "resume" || action == "cancel") && method == Method::Post)
            return jobAction(id, action);
    }
    return errorReply(404, "there is nothing at " + path.toStdString() + " for this method",
                      "See /v1/openapi.json for the API");
}

Reply ApiServer::page(const QString& path) const
{
    if (path == "/v1/openapi.json")
        return resource(":/brushwork/server/openapi.json", "application/json");
    if (path == "/app.js")
        return resource(":/brushwork/server/web/app.js", "text/javascript; charset=utf-8");
    if (path == "/style.css")
        return resource(":/brushwork/server/web/style.css", "text/css; charset=utf-8");
    return resource(":/brushwork/server/web/index.html", "text/html; charset=utf-8");
}

Reply ApiServer::health() const
{
    int active = 0;
    for (const brushwork::JobStatus& status : mQueue->list())
        active += status.state == brushwork::JobState::Queued || status.state == brushwork::JobState::Running ||
                  status.state == brushwork::JobState::Paused;
    return jsonReply(200, {{"status", "ok"}, {"version", BRUSHWORK_VERSION}, {"active_jobs", active},
                           {"token_required", !mOptions.token.isEmpty()}, {"device", mDevice}});
}

Reply ApiServer::models() const
{
    return jsonReply(200, mModels);
}

} // namespace server
