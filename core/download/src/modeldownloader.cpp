// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/download/modeldownloader.h"

#include "brushwork/modelfiles.h"
#include "brushwork/modelsource.h"
#include "brushwork/printable.h"
#include "brushwork/tasks/taskrunner.h"
#include "brushwork/version.h"
#include "httpheaders.h"
#include "partialdownload.h"
#include "transferend.h"
#include "transferrate.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <algorithm>

namespace brushwork {
namespace {

constexpr qint64 kProgressIntervalMs = 100;

} // namespace

ModelDownloader::ModelDownloader(QObject* parent)
    : QObject(parent)
    , mNetwork(new QNetworkAccessManager(this))
    , mTasks(new TaskRunner(this))
{
    QNetworkProxyFactory::setUseSystemConfiguration(true);
}

ModelDownloader::~ModelDownloader()
{
    stopTransfer();
}

QString ModelDownloader::partialPath(const DownloadRequest& request)
{
    // The address is part of the name: bytes from one address are never resumed from another.
    const QByteArray urlHash = QCryptographicHash::hash(request.url.toEncoded(), QCryptographicHash::Sha256).toHex();
    return QDir(partialdownload::folder()).filePath(request.name + "-" + QString::fromLatin1(urlHash.left(8)) + ".part");
}

void ModelDownloader::start(const DownloadRequest& request)
{
    if (mBusy)
        return;
    mBusy = true;
    mRequest = request;
    mError.reset();
    mCancelRequested = false;
    mInstalling = false;
    mRestarted = false;
    mAnnouncedSha256.clear();
    mAnnouncedSize = -1;
    // Queued, so the outcome never arrives before the caller's event loop runs.
    QMetaObject::invokeMethod(this, &ModelDownloader::begin, Qt::QueuedConnection);
}

void ModelDownloader::cancel()
{
    if (!mBusy || mInstalling || mCancelRequested)
        return;
    mCancelRequested = true;
    if (mReply)
        mReply->abort(); // finished() follows and reports the cancellation
}

std::string ModelDownloader::urlText() const
{
    return mRequest.url.toDisplayString().toStdString();
}

void ModelDownloader::begin()
{
    if (mCancelRequested) {
        finishCancelled();
        return;
    }
    mPartialPath = partialPath(mRequest);
    if (!QDir().mkpath(partialdownload::folder())) {
        fail(Error(ErrorKind::Io, partialdownload::folder().toStdString(), "the folder for downloads could not be created",
                   "Check the permissions of the model folder"));
        return;
    }
    mLock = std::make_unique<QLockFile>(mPartialPath + ".lock");
    if (!mLock->tryLock(0)) {
        mLock.reset();
        fail(Error(ErrorKind::Download, urlText(),
                   "another download of " + mRequest.name.toStdString() + " into this model folder is under way",
                   "Wait for it to finish"));
        return;
    }
    mHash = std::make_shared<QCryptographicHash>(QCryptographicHash::Sha256);
    const QFileInfo partial(mPartialPath);
    if (partial.exists() && partial.size() > 0)
        rehashPartial(partial.size());
    else
        sendRequest(0);
}

void ModelDownloader::rehashPartial(qint64 bytes)
{
    // The resumed file's hash must cover what an earlier attempt received;
    // hundreds of MB are read on a thread of their own.
    auto hash = mHash;
    const QString path = mPartialPath;
    mTasks->run([hash, path, bytes] { partialdownload::hashPrefix(*hash, path, bytes); },
        [this, bytes](const TaskResult<NoValue>& result) {
            if (!result.ok())
                fail(partialdownload::asError(result.error, mPartialPath.toStdString()));
            else if (mCancelRequested)
                finishCancelled();
            else
                sendRequest(bytes);
        });
}

void ModelDownloader::sendRequest(qint64 offset)
{
    mOffset = offset;
    mReceived = offset;
    mTotal = -1;
    mBodyStarted = false;
    mRate = std::make_unique<TransferRate>();
    mSinceReport.invalidate();
    mVisited = {mRequest.url};
    QNetworkRequest request(mRequest.url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::UserVerifiedRedirectPolicy);
    // Ranges and the checksum are of the file itself, never of a compressed transfer.
    request.setRawHeader("Accept-Encoding", "identity");
    request.setHeader(QNetworkRequest::UserAgentHeader, "Brushwork/" BRUSHWORK_VERSION);
    request.setTransferTimeout(kStallTimeoutMs);
    if (offset > 0)
        request.setRawHeader("Range", "bytes=" + QByteArray::number(offset) + "-");
    mReply = mNetwork->get(request);
    connect(mReply, &QNetworkReply::redirected, this, &ModelDownloader::onRedirected);
    connect(mReply, &QNetworkReply::readyRead, this, &ModelDownloader::onReadyRead);
    connect(mReply, &QNetworkReply::finished, this, &ModelDownloader::onFinished);
}

void ModelDownloader::onRedirected(const QUrl& target)
{
    // Hugging Face answers its resolve address with a redirect to a CDN that
    // names the file's SHA-256 (X-Linked-Etag) and size (X-Linked-Size).
    takeAnnouncement(*mReply);
    // Qt gives up on a loop after a few rounds as if the answer were the
    // file, which reads as a network or proxy failure; the second visit says what it is.
    if (mVisited.contains(target)) {
        fail(Error(ErrorKind::Download, urlText(),
                   "the server redirected the download in a loop (back to " +
                       printableText(target.toDisplayString().toStdString(), 200) + ")",
                   "Check the address, or download the file from a mirror"));
        return;
    }
    mVisited.append(target);
    if (mRequest.url.scheme() == "https" && target.scheme() != "https") {
        fail(Error(ErrorKind::Download, urlText(),
                   "the server sent the download on to an unencrypted address (" +
                       target.toDisplayString().toStdString() + ")",
                   "Download it from an https address that stays encrypted, such as a mirror"));
        return;
    }
    Q_EMIT mReply->redirectAllowed();
}

void ModelDownloader::takeAnnouncement(const QNetworkReply& reply)
{
    if (mAnnouncedSha256.isEmpty()) {
        for (const char* header : {"X-Linked-Etag", "ETag"}) {
            mAnnouncedSha256 = announcedSha256(reply.rawHeader(header));
            if (!mAnnouncedSha256.isEmpty())
                break;
        }
    }
    bool isNumber = false;
    const qint64 size = reply.rawHeader("X-Linked-Size").toLongLong(&isNumber);
    if (isNumber && size > 0)
        mAnnouncedSize = size;
}

ModelDownloader::Body ModelDownloader::beginBody(QNetworkReply& reply)
{
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200 && status != 206)
        return Body::Unwanted; // an error page or a redirect; onFinished() reports the status
    takeAnnouncement(reply);
    if (status == 206) {
        const auto range = parseContentRange(reply.rawHeader("Content-Range"));
        if (!range || range->first != mOffset) {
            QFile::remove(mPartialPath);
            fail(Error(ErrorKind::Download, urlText(), "the server sent a different part of the file than was asked for",
                       "The partly downloaded file was deleted; run the download again"));
            return Body::Refused;
        }
        mTotal = range->total;
    } else {
        if (mOffset > 0) {
            // The server ignored the Range header and sends the whole file again.
            mOffset = 0;
            mReceived = 0;
            mHash->reset();
        }
        const QVariant length = reply.header(QNetworkRequest::ContentLengthHeader);
        mTotal = length.isValid() ? length.toLongLong() : -1;
    }
    if (mTotal < 0)
        mTotal = mAnnouncedSize >= 0 ? mAnnouncedSize : mRequest.size;
    mFile = std::make_unique<QFile>(mPartialPath);
    const auto mode = mOffset == 0 ? QIODevice::WriteOnly | QIODevice::Truncate : QIODevice::WriteOnly | QIODevice::Append;
    if (!mFile->open(mode)) {
        fail(Error(ErrorKind::Io, mPartialPath.toStdString(),
                   "the download could not be written (" + mFile->errorString().toStdString() + ")",
                   "Check that the model folder is writable"));
        return Body::Refused;
    }
    mBodyStarted = true;
    reportProgress(true);
    return Body::Wanted;
}

void ModelDownloader::onReadyRead()
{
    if (!mBodyStarted) {
        const Body body = beginBody(*mReply);
        if (body == Body::Refused)
            return;
        if (body == Body::Unwanted) {
            mReply->readAll();
            return;
        }
    }
    if (writeReceived(*mReply))
        reportProgress(false);
}

bool ModelDownloader::writeReceived(QNetworkReply& reply)
{
    const QByteArray data = reply.readAll();
    if (data.isEmpty())
        return true;
    // A body that goes on past the size the manifest or the server announced is cut off.
    if (mReceived + data.size() > partialdownload::largestAllowed(mRequest, mTotal)) {
        mFile->close();
        QFile::remove(mPartialPath);
        fail(partialdownload::oversized(mRequest, mTotal, urlText()));
        return false;
    }
    if (mFile->write(data) != data.size()) {
        fail(Error(ErrorKind::Io, mPartialPath.toStdString(),
                   "the download could not be written (" + mFile->errorString().toStdString() + ")",
                   "Make room on the disk of the model folder, then run the download again"));
        return false;
    }
    mHash->addData(data);
    mReceived += data.size();
    mRate->add(data.size());
    return true;
}

void ModelDownloader::onFinished()
{
    QNetworkReply* reply = mReply;
    mReply = nullptr;
    reply->deleteLater();
    if (mCancelRequested) {
        finishCancelled();
        return;
    }
    const bool transferred = reply->error() == QNetworkReply::NoError;
    // Bytes may still wait in the reply after its last readyRead().
    if (!mBodyStarted && transferred && beginBody(*reply) == Body::Refused)
        return;
    if (mBodyStarted && !writeReceived(*reply))
        return;
    if (mFile)
        mFile->close();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 416 && mOffset > 0 && !mRestarted) {
        // The partial file is as long as the file or longer: it cannot be resumed.
        mRestarted = true;
        QFile::remove(mPartialPath);
        mHash->reset();
        sendRequest(0);
        return;
    }
    if (const auto failure = transferFailure(TransferEnd::of(*reply, mBodyStarted, mReceived, mTotal), urlText())) {
        fail(*failure);
        return;
    }
    reportProgress(true);
    verifyAndInstall();
}

void ModelDownloader::verifyAndInstall()
{
    const QString actual = QString::fromLatin1(mHash->result().toHex());
    if (const auto problem = partialdownload::mismatch(mRequest, mReceived, actual, mAnnouncedSha256, urlText())) {
        QFile::remove(mPartialPath);
        fail(*problem);
        return;
    }
    install(actual);
}

void ModelDownloader::install(const QString& sha256)
{
    mInstalling = true;
    Q_EMIT installing();
    const std::string partial = mPartialPath.toStdString();
    const std::string fastStyleName = (mRequest.name + ".safetensors").toStdString();
    ModelSource source;
    source.url = urlText();
    source.sha256 = sha256.toStdString();
    source.size = std::uint64_t(mReceived);
    source.date = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    const NetworkKind network = mRequest.network;
    // Converting hundreds of MB takes seconds; the event loop keeps running.
    mTasks->run([partial, network, fastStyleName, source] {
            return partialdownload::install(partial, network, fastStyleName, source);
        },
        [this](const TaskResult<std::string>& result) {
            if (!result.ok()) {
                fail(partialdownload::installError(result.error, urlText(), mPartialPath.toStdString()));
                return;
            }
            mLock.reset();
            mBusy = false;
            QDir().rmdir(partialdownload::folder()); // only when empty: other downloads may wait there
            Q_EMIT installed(QString::fromStdString(result.value));
        });
}

void ModelDownloader::reportProgress(bool always)
{
    if (!always && mSinceReport.isValid() && mSinceReport.elapsed() < kProgressIntervalMs)
        return;
    mSinceReport.start();
    Q_EMIT progressed({mReceived, mTotal, mRate->bytesPerSecond()});
}

void ModelDownloader::stopTransfer()
{
    if (mReply) {
        mReply->disconnect(this);
        mReply->abort();
        mReply->deleteLater();
        mReply = nullptr;
    }
    if (mFile)
        mFile->close();
    mLock.reset();
    mBusy = false;
}

void ModelDownloader::fail(const Error& error)
{
    stopTransfer();
    QDir().rmdir(partialdownload::folder()); // only when empty: a partial file stays for resuming
    mError = error;
    Q_EMIT failed(QString::fromStdString(error.what()));
}

void ModelDownloader::finishCancelled()
{
    stopTransfer();
    Q_EMIT cancelled();
}

} // namespace brushwork
