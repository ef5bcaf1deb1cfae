// SPDX-License-Identifier: GPL-3.0-or-later
#include "uploadguard.h"

#include "brushwork/memorybudget.h"
#include "httpreply.h"

#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace server {
namespace {

/// The most a request's head (its line and headers) may take.
constexpr qsizetype kMaxHead = 64 * 1024;

/// How long a refused client may go on sending what it started before the
/// server hangs up.
constexpr int kLingerMs = 5000;

/// Where a connection is in its stream of requests.
struct Reading {
    QByteArray head;     ///< of the request being read, until it is complete
    qint64 bodyLeft = 0; ///< bytes of the current body still to come
    bool refused = false;
};

/// The value of `name` in a request head, lower case; empty when absent.
QByteArray headerValue(const QByteArray& head, const QByteArray& name)
{
    for (const QByteArray& line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == name)
            return line.mid(colon + 1).trimmed().toLower();
    }
    return {};
}

/// Answers at once and throws away the rest of the request as it comes: a
/// client still sending its body reads the answer when it is done, where
/// hanging up at once would reset the connection before it reads anything.
/// Hangs up when the body has come, or after kLingerMs.
void refuse(QTcpSocket* socket, Reading& reading, int status, const std::string& error, const std::string& remedy)
{
    reading.refused = true;
    socket->readAll();
    Reply reply = errorReply(status, error, remedy);
    reply.headers.emplaceBack("Connection", "close");
    send(socket, reply);
    QTimer::singleShot(kLingerMs, socket, [socket] { socket->disconnectFromHost(); });
}

/// Discards what a refused client still sends; true once all of it came.
bool discard(QTcpSocket* socket, Reading& reading)
{
    reading.bodyLeft -= socket->readAll().size();
    return reading.bodyLeft <= 0;
}

/// Follows the new bytes `data`; returns false once the request is refused.
bool inspect(QTcpSocket* socket, Reading& reading, QByteArray data, qint64 maxBody)
{
    while (!data.isEmpty()) {
        if (reading.bodyLeft > 0) {
            const qint64 taken = std::min<qint64>(reading.bodyLeft, data.size());
            reading.bodyLeft -= taken;
            data.remove(0, taken);
            continue;
        }
        reading.head += data;
        data.clear();
        const qsizetype end = reading.head.indexOf("\r\n\r\n");
        if (end < 0) {
            if (reading.head.size() > kMaxHead)
                refuse(socket, reading, 431, "the request's headers are larger than 64 KiB", "Send shorter headers");
            return !reading.refused;
        }
        const QByteArray head = reading.head.left(end);
        data = reading.head.mid(end + 4);
        reading.head.clear();
        if (headerValue(head, "transfer-encoding").contains("chunked")) {
            refuse(socket, reading, 411, "a body sent in chunks (without Content-Length) is not taken",
                   "Send the body with a Content-Length");
            return false;
        }
        bool ok = true;
        const QByteArray length = headerValue(head, "content-length");
        reading.bodyLeft = length.isEmpty() ? 0 : length.toLongLong(&ok);
        if (!ok || reading.bodyLeft < 0) {
            refuse(socket, reading, 400, "the Content-Length is not a number", "Send a valid Content-Length");
            return false;
        }
        if (reading.bodyLeft > maxBody) {
            reading.bodyLeft -= data.size(); // what came with the head is thrown away with it
            refuse(socket, reading, 413,
                   "the upload is " + brushwork::formatBytes(std::uint64_t(reading.bodyLeft)) + ", more than the " +
                       brushwork::formatBytes(std::uint64_t(maxBody)) + " this server takes",
                   "Send smaller pictures (the server's --max-upload sets the limit)");
            return false;
        }
    }
    return true;
}

} // namespace

UploadGuard::UploadGuard(qint64 maxBody, QObject* parent) : QTcpServer(parent), mMaxBody(maxBody) {}

void UploadGuard::incomingConnection(qintptr descriptor)
{
    auto* socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    auto reading = std::make_shared<Reading>();
    // Connected before Qt HttpServer's own reader (which connects once the
    // connection is pending), so a refused body is gone before it looks.
    connect(socket, &QTcpSocket::readyRead, socket, [socket, reading, maxBody = mMaxBody] {
        if (reading->refused) {
            if (discard(socket, *reading))
                socket->disconnectFromHost();
            return;
        }
        inspect(socket, *reading, socket->peek(socket->bytesAvailable()), maxBody);
    });
    addPendingConnection(socket);
}

} // namespace server
