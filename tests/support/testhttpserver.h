// SPDX-License-Identifier: GPL-3.0-or-later
// A small HTTP/1.1 server on 127.0.0.1 for download tests: it serves one
// file, honours Range requests and misbehaves on purpose. Nothing leaves the
// machine.
#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

/// What the download tests serve: seeded random SqueezeNet weights (its real
/// layout, about 3 MB, so they arrive in many pieces) and their SHA-256.
struct ServedFile {
    QByteArray bytes;
    QString sha256;
};
ServedFile randomSqueezeNetFile();

class TestHttpServer : public QObject {
    Q_OBJECT
public:
    enum class Mode {
        Normal,       ///< 200, or 206 for a Range request
        DropHalfway,  ///< the first answer stops after half the file, then the server behaves
        NotFound,     ///< 404
        Slow,         ///< 64 KiB every 20 ms, so a test can cancel mid-file
        IgnoreRange,  ///< always the whole file with 200, as servers without ranges do
    };

    /// Serves `body` at /file; /redirect answers 302 to /file, /loop 302 to
    /// itself, and /endless sends 200 without a length, then `body` over and
    /// over until the client hangs up.
    explicit TestHttpServer(QByteArray body, QObject* parent = nullptr);

    void setMode(Mode mode) { mMode = mode; }
    /// The value the /redirect answer carries in X-Linked-Etag (quoted there),
    /// as Hugging Face's resolve addresses do.
    void setLinkedEtag(const QByteArray& sha256Hex) { mLinkedEtag = sha256Hex; }

    QUrl url(const QString& path = QStringLiteral("/file")) const;
    /// Bytes handed to the network so far, headers included, over all
    /// connections; what a client hangs up on before it is sent is not counted.
    qint64 bytesSent() const { return mBytesSent; }
    /// The Range header of each request for /file, empty where there was none.
    const QList<QByteArray>& rangeHeaders() const { return mRangeHeaders; }

private:
    void accept();
    void answer(QTcpSocket* socket, const QByteArray& request);
    void sendSlowly(QTcpSocket* socket, qint64 next, qint64 end);
    void sendEndlessly(QTcpSocket* socket);

    QTcpServer mServer;
    QByteArray mBody;
    QByteArray mLinkedEtag;
    Mode mMode = Mode::Normal;
    qint64 mBytesSent = 0;
    QList<QByteArray> mRangeHeaders;
};
