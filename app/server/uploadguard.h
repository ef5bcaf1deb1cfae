// SPDX-License-Identifier: GPL-3.0-or-later
// The listening socket of the server, which reads each request's head before
// Qt HttpServer does: Qt HttpServer 6.4 keeps a whole body in memory before
// anyone sees the request, so a body over --max-upload is refused (413) from
// its Content-Length, and one without a length (chunked) is refused (411),
// before its bytes are kept.
#pragma once

#include <QTcpServer>

namespace server {

class UploadGuard : public QTcpServer {
    Q_OBJECT
public:
    UploadGuard(qint64 maxBody, QObject* parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    qint64 mMaxBody;
};

} // namespace server
