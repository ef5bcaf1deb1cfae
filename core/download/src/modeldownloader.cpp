// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/download/modeldownloader.h"

#include "backgroundtask.h"
#include "brushwork/faststyle.h"
#include "brushwork/modelfiles.h"
#include "brushwork/modelimport.h"
#include "brushwork/modelsource.h"
#include "brushwork/printable.h"
#include "brushwork/sha256.h"
#include "brushwork/version.h"
#include "httpheaders.h"
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

// A transfer that receives nothing for this long is given up (and can be resumed).
constexpr int kStallTimeoutMs = 60000;
constexpr qint64 kProgressIntervalMs = 100;
const char* const kResumeHint = "Run the download again: it goes on where it stopped";

/// Where a download whose size nobody announced is cut off: well above the
/// largest real file of its kind (torchvision's VGG19 with its classifier is
/// 575 MB, SqueezeNet 1.0 5 MB; a style network is read up to 1 GB).
qint64 largestDownload(NetworkKind network)
{
    return network == NetworkKind::SqueezeNet ? 64ll << 20 : 1ll << 30;
}

QString partialFolder()
{
    return QDir(QString::fromStdString(modelDirectory())).filePath(".partial");
}

std::string megabytes(qint64 bytes)
{
    return megabytesText(bytes).toStdString() + " MB";
}

} // namespace

ModelDownloader::ModelDownloader(QObject* parent)
    : QObject(parent)
    , mNetwork(new QNetworkAccessManager(this))
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
    return QDir(partialFolder()).filePath(request.name + "-" + QString::fromLatin1(urlHash.left(8)) + ".part");
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
    if (!QDir().mkpath(partialFolder())) {
        fail(Error(ErrorKind::Io, partialFolder().toStdString(), "the folder for downloads could not be created",
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
    runInBackground(
        this,
        [hash, path, bytes] {
            const Error unreadable(ErrorKind::Io, path.toStdString(), "the partly downloaded file could not be read",
                                   "Delete it and download again");
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                throw unreadable;
            QByteArray buffer(1 << 20, Qt::Uninitialized);
            for (qint64 left = bytes; left > 0;) {
                const qint64 read = file.read(buffer.data(), std::min<qint64>(left, buffer.size()));
                if (read <= 0)
                    throw unreadable;
                hash->addData(QByteArrayView(buffer.constData(), read));
                left -= read;
            }
        },
        [this, bytes](std::exception_ptr thrown) {
            if (thrown)
                failWith(thrown);
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
    // A body that goes on past the size the manifest or the server announced
    // is cut off (a small margin for a server that counts differently).
    const qint64 expected = mRequest.size >= 0 ? mRequest.size : mTotal;
    const qint64 largest = largestDownload(mRequest.network);
    const qint64 cap = expected >= 0 ? expected + expected / 100 + (1 << 20) : largest;
    if (mReceived + data.size() > cap) {
        mFile->close();
        QFile::remove(mPartialPath);
        fail(Error(ErrorKind::Download, urlText(),
                   expected >= 0 ? "the server sent more than the " + std::to_string(expected) +
                                       " bytes the file should have"
                                 : "the server sent more than " + megabytes(largest) + ", more than " +
                                       (mRequest.network == NetworkKind::Auto
                                            ? std::string("a style network")
                                            : std::string(networkName(mRequest.network)) + " weights") +
                                       " can have",
                   "Nothing was installed; check the address, or download the file from a mirror"));
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
    if (status >= 400) {
        const std::string phrase = brushwork::printableText(
            reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString().toStdString(), 80);
        fail(Error(ErrorKind::Download, urlText(),
                   "the server answered HTTP " + std::to_string(status) + (phrase.empty() ? "" : " (" + phrase + ")"),
                   status == 404 || status == 410 ? "Check the address, or download the file from a mirror"
                                                  : "Try again later, or download the file from a mirror"));
        return;
    }
    std::string why = transferred ? "the connection closed early" : reply->errorString().toStdString();
    // Not cancel() (handled above): the transfer timeout, reported as either.
    if (reply->error() == QNetworkReply::OperationCanceledError || reply->error() == QNetworkReply::TimeoutError)
        why = "nothing arrived for " + std::to_string(kStallTimeoutMs / 1000) + " seconds";
    if (reply->error() == QNetworkReply::TooManyRedirectsError || (status >= 300 && status < 400)) {
        fail(Error(ErrorKind::Download, urlText(), "the server redirected the download in a loop",
                   "Check the address, or download the file from a mirror"));
        return;
    }
    if (!mBodyStarted) {
        fail(Error(ErrorKind::Download, urlText(), "the download could not start (" + why + ")",
                   "Check the network connection and the proxy settings, then try again"));
        return;
    }
    if (!transferred || (mTotal >= 0 && mReceived < mTotal)) {
        const std::string got = mTotal >= 0 ? megabytes(mReceived) + " of " + megabytes(mTotal) : megabytes(mReceived);
        fail(Error(ErrorKind::Download, urlText(), "the download stopped after " + got + " (" + why + ")", kResumeHint));
        return;
    }
    reportProgress(true);
    verifyAndInstall();
}

void ModelDownloader::verifyAndInstall()
{
    if (mRequest.size >= 0 && mReceived != mRequest.size) {
        QFile::remove(mPartialPath);
        fail(Error(ErrorKind::Download, urlText(),
                   "the file that arrived has " + std::to_string(mReceived) + " bytes, but " +
                       std::to_string(mRequest.size) + " were expected",
                   "It is not the expected file, so nothing was installed and it was deleted. Check the address"));
        return;
    }
    const QString actual = QString::fromLatin1(mHash->result().toHex());
    QString expected = mRequest.sha256;
    std::string whose = "was expected";
    if (expected.isEmpty() && !mAnnouncedSha256.isEmpty()) {
        expected = mAnnouncedSha256;
        whose = "is what the server announced";
    }
    // torchvision's file names carry the first hex digits of the SHA-256
    // ("squeezenet1_0-b66bff10.pth"): when only they are known, they are checked.
    const bool matches = expected.isEmpty() ? actual.startsWith(mRequest.sha256Prefix) : actual == expected;
    if (!matches) {
        QFile::remove(mPartialPath);
        const QString wanted = expected.isEmpty() ? mRequest.sha256Prefix + "…" : expected;
        fail(Error(ErrorKind::Download, urlText(),
                   "the file that arrived has SHA-256 " + actual.toStdString() + ", but " + wanted.toStdString() +
                       " " + whose,
                   "It is damaged or not the expected file, so nothing was installed and it was deleted. Try again, "
                   "or check the address and the checksum"));
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
    auto installedPath = std::make_shared<std::string>();
    // Converting hundreds of MB takes seconds; the event loop keeps running.
    runInBackground(
        this,
        [partial, network, fastStyleName, source, installedPath] {
            try {
                // A name that is no feature network's names a fast style: a
                // feature network under it would replace the installed one of its kind.
                if (network == NetworkKind::Auto && !isFastStyleFile(partial))
                    throw Error(ErrorKind::BadInput, partial,
                                "this is not a fast style network, so it cannot be installed as \"" + fastStyleName +
                                    "\"; a feature network is downloaded under its own name (vgg19 or squeezenet)");
                *installedPath = importModel(partial, network, fastStyleName);
                ModelSource recorded = source;
                recorded.installedSha256 = sha256File(*installedPath);
                recordModelSource(*installedPath, recorded);
            } catch (...) {
                QFile::remove(QString::fromStdString(partial));
                throw;
            }
            QFile::remove(QString::fromStdString(partial));
        },
        [this, installedPath](std::exception_ptr thrown) {
            if (thrown) {
                failInstalling(thrown);
                return;
            }
            mLock.reset();
            mBusy = false;
            QDir().rmdir(partialFolder()); // only when empty: other downloads may wait there
            Q_EMIT installed(QString::fromStdString(*installedPath));
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
    QDir().rmdir(partialFolder()); // only when empty: a partial file stays for resuming
    mError = error;
    Q_EMIT failed(QString::fromStdString(error.what()));
}

void ModelDownloader::failWith(std::exception_ptr thrown)
{
    try {
        std::rethrow_exception(thrown);
    } catch (const Error& error) {
        fail(error);
    } catch (const std::exception& error) {
        fail(Error(ErrorKind::Io, mPartialPath.toStdString(), error.what()));
    }
}

void ModelDownloader::failInstalling(std::exception_ptr thrown)
{
    try {
        std::rethrow_exception(thrown);
    } catch (const Error& error) {
        if (error.kind() == ErrorKind::BadInput) {
            // The partial file the importer names is gone; the address is what the user knows.
            fail(Error(ErrorKind::BadInput, urlText(), "the file is not one Brushwork can use: " + error.reason(),
                       "Nothing was installed. Check the address"));
            return;
        }
    } catch (...) {
    }
    failWith(thrown);
}

void ModelDownloader::finishCancelled()
{
    stopTransfer();
    Q_EMIT cancelled();
}

} // namespace brushwork
