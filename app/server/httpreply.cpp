// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpreply.h"

#include <QTcpSocket>

#include <algorithm>

namespace server {
namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    default: return "Internal Server Error";
    }
}

QByteArray head(int status, const Headers& headers)
{
    QByteArray text = "HTTP/1.1 " + QByteArray::number(status) + " " + reasonPhrase(status) + "\r\n";
    for (const auto& [name, value] : headers)
        text += name + ": " + value + "\r\n";
    return text;
}

} // namespace

Reply jsonReply(int status, const nlohmann::json& body)
{
    Reply reply;
    reply.status = status;
    reply.body = QByteArray::fromStdString(body.dump());
    return reply;
}

Reply errorReply(int status, const std::string& error, const std::string& remedy)
{
    return jsonReply(status, {{"error", error}, {"remedy", remedy}});
}

void send(QTcpSocket* socket, const Reply& reply)
{
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    Headers headers = reply.headers;
    headers.emplaceBack("Content-Type", reply.contentType);
    headers.emplaceBack("Content-Length", QByteArray::number(reply.body.size()));
    headers.emplaceBack("X-Content-Type-Options", "nosniff");
    const bool named = std::any_of(headers.begin(), headers.end(), [](const auto& header) {
        return header.first == "Connection";
    });
    if (!named)
        headers.emplaceBack("Connection", reply.close ? "close" : "keep-alive");
    socket->write(head(reply.status, headers) + "\r\n" + reply.body);
    if (reply.close)
        socket->disconnectFromHost();
}

void openEventStream(QTcpSocket* socket, const Headers& headers)
{
    Headers all = headers;
    all.emplaceBack("Content-Type", "text/event-stream");
    all.emplaceBack("Cache-Control", "no-store");
    all.emplaceBack("Connection", "close");
    socket->write(head(200, all) + "\r\n");
}

void sendEvent(QTcpSocket* socket, const QByteArray& name, const QByteArray& data)
{
    if (socket && socket->state() == QAbstractSocket::ConnectedState)
        socket->write("event: " + name + "\ndata: " + data + "\n\n");
}

} // namespace server
