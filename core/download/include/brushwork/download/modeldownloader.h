// SPDX-License-Identifier: GPL-3.0-or-later
// Downloads a network, resumably, checks its SHA-256 and installs it.
#pragma once

#include "brushwork/download/downloadprogress.h"
#include "brushwork/download/downloadrequest.h"
#include "brushwork/error.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

class QCryptographicHash;
class QFile;
class QLockFile;
class QNetworkAccessManager;
class QNetworkReply;

namespace brushwork {

class TaskRunner;
class TransferRate;

/// The bytes go to a partial file in a hidden folder of the model folder
/// (partialPath()); a later start() of the same request resumes it with an
/// HTTP Range request. The file is hashed as it arrives. Only a file whose
/// SHA-256 matches the expected one (the request's, else the one the server
/// announces, e.g. Hugging Face's X-Linked-Etag) is installed, through
/// importModel() on a thread of its own, with a record of where it came
/// from (modelsource.h); the partial file is then removed. A failed,
/// cancelled or mismatching download installs nothing.
///
/// Lives on a thread with an event loop and never blocks it.
class ModelDownloader : public QObject {
    Q_OBJECT
public:
    explicit ModelDownloader(QObject* parent = nullptr);
    /// Stops a transfer. An install already under way still completes (it is atomic).
    ~ModelDownloader() override;

    /// Begins (or resumes) the download once control returns to the event
    /// loop. Its outcome is exactly one of installed(), failed() and
    /// cancelled(). Ignored while a download is under way.
    void start(const DownloadRequest& request);
    /// Stops the transfer and keeps what arrived for a later start(). Has no
    /// effect once installing() was emitted.
    void cancel();

    /// Where the bytes of `request` wait until they are verified.
    static QString partialPath(const DownloadRequest& request);
    /// The reason of the last failed(), for showing it in a painter's words.
    const std::optional<Error>& error() const { return mError; }

Q_SIGNALS:
    /// At most ten times a second while bytes arrive, and once at the end.
    void progressed(const brushwork::DownloadProgress& progress);
    /// The file is complete and verified; it is being installed and can no longer be cancelled.
    void installing();
    void installed(const QString& path);
    /// `message` names the address, the reason and what to do.
    void failed(const QString& message);
    void cancelled();

private:
    enum class Body { Wanted, Unwanted, Refused };

    void begin();
    void rehashPartial(qint64 bytes);
    void sendRequest(qint64 offset);
    void onRedirected(const QUrl& target);
    void takeAnnouncement(const QNetworkReply& reply);
    Body beginBody(QNetworkReply& reply);
    void onReadyRead();
    bool writeReceived(QNetworkReply& reply);
    void onFinished();
    void verifyAndInstall();
    void install(const QString& sha256);
    void reportProgress(bool always);
    void fail(const Error& error);
    void finishCancelled();
    void stopTransfer();
    std::string urlText() const;

    QNetworkAccessManager* mNetwork;
    TaskRunner* mTasks; ///< hashing and installing, off the event loop's thread
    QPointer<QNetworkReply> mReply;
    DownloadRequest mRequest;
    QString mPartialPath;
    std::unique_ptr<QLockFile> mLock;
    std::unique_ptr<QFile> mFile;
    std::shared_ptr<QCryptographicHash> mHash;
    std::unique_ptr<TransferRate> mRate;
    QElapsedTimer mSinceReport;
    qint64 mOffset = 0;   ///< bytes already on disk when the request was sent
    qint64 mReceived = 0; ///< bytes on disk now
    qint64 mTotal = -1;
    qint64 mAnnouncedSize = -1;
    QList<QUrl> mVisited; ///< the addresses this request went through, to tell a redirect loop
    QString mAnnouncedSha256;
    bool mBusy = false;
    bool mBodyStarted = false;
    bool mCancelRequested = false;
    bool mInstalling = false;
    bool mRestarted = false;
    std::optional<Error> mError;
};

} // namespace brushwork
