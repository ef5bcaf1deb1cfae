// SPDX-License-Identifier: GPL-3.0-or-later
// Writing HTTP/1.1 answers onto a connection: the server answers some
// requests later, from another thread's result, or as an event stream, which
// Qt HttpServer 6.4's responder (tied to the request's lifetime) cannot.
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <nlohmann/json.hpp>

class QTcpSocket;

namespace server {

using Headers = QList<QPair<QByteArray, QByteArray>>;

struct Reply {
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    Headers headers;
    bool close = false; ///< hang up once it is sent
};

Reply jsonReply(int status, const nlohmann::json& body);
/// {"error", "remedy"}: what is wrong and what to do about it.
Reply errorReply(int status, const std::string& error, const std::string& remedy);

/// Writes `reply` (nothing when the connection is gone).
void send(QTcpSocket* socket, const Reply& reply);

/// The head of an event stream (text/event-stream, no length: it ends when
/// the connection does).
void openEventStream(QTcpSocket* socket, const Headers& headers);
/// One server-sent event.
void sendEvent(QTcpSocket* socket, const QByteArray& name, const QByteArray& data);

} // namespace server
