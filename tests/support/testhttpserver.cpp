// SPDX-License-Identifier: GPL-3.0-or-later
#include "testhttpserver.h"

#include "testsupport.h"

#include <QCryptographicHash>
#include <QFile>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

namespace {

constexpr qint64 kSlowChunk = 64 * 1024;
constexpr int kSlowIntervalMs = 20;

QByteArray headerValue(const QByteArray& request, const QByteArray& name)
{
    for (const QByteArray& line : request.split('\n')) {
        const int colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

} // namespace

ServedFile randomSqueezeNetFile()
{
    QFile file(testsupport::randomWeightsPath(brushwork::NetworkKind::SqueezeNet));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("the random SqueezeNet weights could not be read");
    const QByteArray bytes = file.readAll();
    return {bytes, QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex())};
}

TestHttpServer::TestHttpServer(QByteArray body, QObject* parent)
    : QObject(parent)
    , mBody(std::move(body))
{
    mServer.listen(QHostAddress::LocalHost, 0);
    connect(&mServer, &QTcpServer::newConnection, this, &TestHttpServer::accept);
}

QUrl TestHttpServer::url(const QString& path) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(mServer.serverPort()).arg(path));
}

void TestHttpServer::accept()
{
    while (QTcpSocket* socket = mServer.nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::bytesWritten, this, [this](qint64 bytes) { mBytesSent += bytes; });
        auto request = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, request] {
            const bool complete = request->contains("\r\n\r\n");
            request->append(socket->readAll());
            // One request per connection: every answer closes it.
            if (!complete && request->contains("\r\n\r\n"))
                answer(socket, *request);
        });
    }
}

void TestHttpServer::answer(QTcpSocket* socket, const QByteArray& request)
{
    const QByteArray path = request.left(request.indexOf("\r\n")).split(' ').value(1);
    if (mMode == Mode::NotFound || (path != "/file" && path != "/redirect" && path != "/loop" &&
                                     path != "/endless")) {
        socket->write("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n"
                      "Connection: close\r\n\r\nnot found\n");
        socket->disconnectFromHost();
        return;
    }
    if (path == "/loop") {
        socket->write("HTTP/1.1 302 Found\r\nLocation: " + url("/loop").toEncoded() +
                      "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        socket->disconnectFromHost();
        return;
    }
    if (path == "/endless") {
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n");
        sendEndlessly(socket);
        return;
    }
    if (path == "/redirect") {
        socket->write("HTTP/1.1 302 Found\r\nLocation: " + url().toEncoded() + "\r\nX-Linked-Etag: \"" + mLinkedEtag +
                      "\"\r\nX-Linked-Size: " + QByteArray::number(mBody.size()) +
                      "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        socket->disconnectFromHost();
        return;
    }
    const QByteArray range = headerValue(request, "Range");
    mRangeHeaders.append(range);
    static const QRegularExpression rangePattern("^bytes=(\\d+)-$");
    const QRegularExpressionMatch match = rangePattern.match(QString::fromLatin1(range));
    const bool partial = match.hasMatch() && mMode != Mode::IgnoreRange;
    const qint64 size = mBody.size();
    const qint64 first = partial ? match.captured(1).toLongLong() : 0;
    if (first >= size && partial) {
        socket->write("HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */" + QByteArray::number(size) +
                      "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        socket->disconnectFromHost();
        return;
    }
    QByteArray head = partial ? "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes " + QByteArray::number(first) + "-" +
                                    QByteArray::number(size - 1) + "/" + QByteArray::number(size) + "\r\n"
                              : QByteArray("HTTP/1.1 200 OK\r\n");
    head += "Content-Type: application/octet-stream\r\nContent-Length: " + QByteArray::number(size - first) +
            "\r\nConnection: close\r\n\r\n";
    socket->write(head);
    if (mMode == Mode::Slow) {
        sendSlowly(socket, first, size);
        return;
    }
    qint64 end = size;
    if (mMode == Mode::DropHalfway) {
        end = first + (size - first) / 2;
        mMode = Mode::Normal;
    }
    socket->write(mBody.constData() + first, end - first);
    socket->disconnectFromHost();
}

void TestHttpServer::sendSlowly(QTcpSocket* socket, qint64 next, qint64 end)
{
    const qint64 chunk = std::min(kSlowChunk, end - next);
    socket->write(mBody.constData() + next, chunk);
    if (next + chunk >= end) {
        socket->disconnectFromHost();
        return;
    }
    // The client may hang up (a cancelled download) before the next chunk.
    QTimer::singleShot(kSlowIntervalMs, socket, [this, socket, next, chunk, end] { sendSlowly(socket, next + chunk, end); });
}

void TestHttpServer::sendEndlessly(QTcpSocket* socket)
{
    // The file, then its bytes over and over; topped up as the client reads,
    // so that memory stays small however long it goes on.
    socket->write(mBody);
    connect(socket, &QTcpSocket::bytesWritten, socket, [this, socket] {
        if (socket->bytesToWrite() < mBody.size())
            socket->write(mBody);
    });
}
