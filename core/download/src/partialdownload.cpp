// SPDX-License-Identifier: GPL-3.0-or-later
#include "partialdownload.h"

#include "brushwork/download/downloadprogress.h"
#include "brushwork/faststyle.h"
#include "brushwork/modelfiles.h"
#include "brushwork/modelimport.h"
#include "brushwork/printable.h"
#include "brushwork/sha256.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>

#include <algorithm>

namespace brushwork::partialdownload {
namespace {

/// Where a download whose size nobody announced is cut off: well above the
/// largest real file of its kind (torchvision's VGG19 with its classifier is
/// 575 MB, SqueezeNet 1.0 5 MB; a style network is read up to 1 GB).
qint64 largestOfKind(NetworkKind network)
{
    return network == NetworkKind::SqueezeNet ? 64ll << 20 : 1ll << 30;
}

std::string megabytes(qint64 bytes)
{
    return megabytesText(bytes).toStdString() + " MB";
}

qint64 expectedSize(const DownloadRequest& request, qint64 announced)
{
    return request.size >= 0 ? request.size : announced;
}

} // namespace

QString folder()
{
    return QDir(QString::fromStdString(modelDirectory())).filePath(".partial");
}

void hashPrefix(QCryptographicHash& hash, const QString& path, qint64 bytes)
{
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
        hash.addData(QByteArrayView(buffer.constData(), read));
        left -= read;
    }
}

qint64 largestAllowed(const DownloadRequest& request, qint64 announced)
{
    const qint64 expected = expectedSize(request, announced);
    // A margin for a server that counts differently.
    return expected >= 0 ? expected + expected / 100 + (1 << 20) : largestOfKind(request.network);
}

Error oversized(const DownloadRequest& request, qint64 announced, const std::string& url)
{
    const qint64 expected = expectedSize(request, announced);
    const std::string kind = request.network == NetworkKind::Auto ? std::string("a style network")
                                                                  : std::string(networkName(request.network)) + " weights";
    return Error(ErrorKind::Download, url,
                 expected >= 0 ? "the server sent more than the " + std::to_string(expected) + " bytes the file should have"
                               : "the server sent more than " + megabytes(largestOfKind(request.network)) +
                                     ", more than " + kind + " can have",
                 "Nothing was installed; check the address, or download the file from a mirror");
}

std::optional<Error> mismatch(const DownloadRequest& request, qint64 received, const QString& actualSha256,
                              const QString& announcedSha256, const std::string& url)
{
    if (request.size >= 0 && received != request.size)
        return Error(ErrorKind::Download, url,
                     "the file that arrived has " + std::to_string(received) + " bytes, but " +
                         std::to_string(request.size) + " were expected",
                     "It is not the expected file, so nothing was installed and it was deleted. Check the address");
    QString expected = request.sha256;
    std::string whose = "was expected";
    if (expected.isEmpty() && !announcedSha256.isEmpty()) {
        expected = announcedSha256;
        whose = "is what the server announced";
    }
    // torchvision's file names carry the first hex digits of the SHA-256
    // ("squeezenet1_0-b66bff10.pth"): when only they are known, they are checked.
    const bool matches = expected.isEmpty() ? actualSha256.startsWith(request.sha256Prefix) : actualSha256 == expected;
    if (matches)
        return std::nullopt;
    const QString wanted = expected.isEmpty() ? request.sha256Prefix + "…" : expected;
    return Error(ErrorKind::Download, url,
                 "the file that arrived has SHA-256 " + actualSha256.toStdString() + ", but " + wanted.toStdString() +
                     " " + whose,
                 "It is damaged or not the expected file, so nothing was installed and it was deleted. Try again, "
                 "or check the address and the checksum");
}

std::string install(const std::string& partial, NetworkKind network, const std::string& fastStyleName,
                    const ModelSource& source)
{
    std::string installed;
    try {
        // A name that is no feature network's names a fast style: a feature
        // network under it would replace the installed one of its kind.
        if (network == NetworkKind::Auto && !isFastStyleFile(partial))
            throw Error(ErrorKind::BadInput, partial,
                        "this is not a fast style network, so it cannot be installed as \"" + fastStyleName +
                            "\"; a feature network is downloaded under its own name (vgg19 or squeezenet)");
        installed = importModel(partial, network, fastStyleName);
        ModelSource recorded = source;
        recorded.installedSha256 = sha256File(installed);
        recordModelSource(installed, recorded);
    } catch (...) {
        QFile::remove(QString::fromStdString(partial));
        throw;
    }
    QFile::remove(QString::fromStdString(partial));
    return installed;
}

Error asError(std::exception_ptr thrown, const std::string& path)
{
    try {
        std::rethrow_exception(thrown);
    } catch (const Error& error) {
        return error;
    } catch (const std::exception& error) {
        return Error(ErrorKind::Io, path, error.what());
    }
}

Error installError(std::exception_ptr thrown, const std::string& url, const std::string& path)
{
    try {
        std::rethrow_exception(thrown);
    } catch (const Error& error) {
        if (error.kind() == ErrorKind::BadInput)
            return Error(ErrorKind::BadInput, url, "the file is not one Brushwork can use: " + error.reason(),
                         "Nothing was installed. Check the address");
    } catch (...) {
    }
    return asError(thrown, path);
}

} // namespace brushwork::partialdownload
