// SPDX-License-Identifier: GPL-3.0-or-later
// `brushwork-cli serve`: the HTTP API (/v1), its OpenAPI document and the web
// page, over the job queue and the instant networks. It parses requests and
// prints answers; the work is brushwork_jobs'.
#pragma once

#include "httpreply.h"

#include "brushwork/engine.h"
#include "brushwork/jobs/instantpainters.h"
#include "brushwork/jobs/jobqueue.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QHash>
#include <QPointer>
#include <QThreadPool>

#include <chrono>
#include <memory>

class QTcpSocket;

namespace server {

struct ServerOptions {
    QHostAddress host = QHostAddress::LocalHost;
    quint16 port = 8080;            ///< 0: any free port (tests)
    QByteArray token;               ///< empty: no token asked for (loopback only)
    int jobs = 1;                   ///< jobs (and instant pictures) painted at once
    int queue = 16;                 ///< jobs (and instant requests) waiting beyond `jobs`; more: 429
    qint64 maxUpload = 64 << 20;    ///< bytes of one request's body
    std::string dataFolder;
    brushwork::EngineOptions engine;
    std::uint64_t memoryBudget = 0; ///< what one request's pictures may take
    QByteArray allowOrigin;         ///< empty: no cross-origin requests
    std::chrono::seconds retention{24 * 3600};
};

/// The address a server on `host` must have a token for (any but loopback).
bool needsToken(const QHostAddress& host);

class ApiServer : public QAbstractHttpServer {
    Q_OBJECT
public:
    /// Listens at once; throws brushwork::Error(Usage) when `host` is not
    /// loopback and there is no token, Error(Io) when the port is taken.
    explicit ApiServer(ServerOptions options, QObject* parent = nullptr);
    ~ApiServer() override;

    quint16 port() const { return mPort; }

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    Reply route(const QHttpServerRequest& request, QTcpSocket* socket, bool& answered);
    bool authorized(const QHttpServerRequest& request) const;
    Reply page(const QString& path) const;
    Reply health() const;
    Reply models() const;
    Reply instant(const QHttpServerRequest& request, QTcpSocket* socket, bool& answered);
    Reply submitJob(const QHttpServerRequest& request);
    Reply steerJob(const std::string& id, const QByteArray& body);
    Reply jobAction(const std::string& id, const QString& action);
    Reply jobResult(const std::string& id, const QString& format);
    Reply jobRecipe(const std::string& id);
    Reply jobStatus(const std::string& id) const;
    void openEvents(const std::string& id, QTcpSocket* socket);
    void deliver(const brushwork::JobEvent& event);
    Headers corsHeaders(const QHttpServerRequest& request) const;

    ServerOptions mOptions;
    quint16 mPort = 0;
    std::unique_ptr<brushwork::JobQueue> mQueue;
    std::unique_ptr<brushwork::InstantPainters> mInstant;
    QThreadPool mPool;
    int mListener = 0;
    QHash<QString, QList<QPointer<QTcpSocket>>> mStreams;
    nlohmann::json mModels;
    std::string mDevice; ///< where jobs paint, as health reports it
};

} // namespace server
