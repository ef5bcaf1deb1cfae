// SPDX-License-Identifier: GPL-3.0-or-later
#include "transferend.h"

#include "brushwork/download/downloadprogress.h"
#include "brushwork/printable.h"

#include <QNetworkReply>

namespace brushwork {
namespace {

std::string megabytes(qint64 bytes)
{
    return megabytesText(bytes).toStdString() + " MB";
}

} // namespace

TransferEnd TransferEnd::of(const QNetworkReply& reply, bool bodyStarted, qint64 received, qint64 total)
{
    TransferEnd end;
    end.status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    end.phrase = printableText(reply.attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString().toStdString(), 80);
    end.networkError = reply.error();
    end.errorText = reply.errorString().toStdString();
    end.bodyStarted = bodyStarted;
    end.received = received;
    end.total = total;
    return end;
}

std::optional<Error> transferFailure(const TransferEnd& end, const std::string& url)
{
    const int status = end.status;
    if (status >= 400)
        return Error(ErrorKind::Download, url,
                     "the server answered HTTP " + std::to_string(status) +
                         (end.phrase.empty() ? "" : " (" + end.phrase + ")"),
                     status == 404 || status == 410 ? "Check the address, or download the file from a mirror"
                                                    : "Try again later, or download the file from a mirror");
    const bool transferred = end.networkError == QNetworkReply::NoError;
    std::string why = transferred ? "the connection closed early" : end.errorText;
    // Not a cancel (the downloader handles it first): the transfer timeout, reported as either.
    if (end.networkError == QNetworkReply::OperationCanceledError || end.networkError == QNetworkReply::TimeoutError)
        why = "nothing arrived for " + std::to_string(kStallTimeoutMs / 1000) + " seconds";
    if (end.networkError == QNetworkReply::TooManyRedirectsError || (status >= 300 && status < 400))
        return Error(ErrorKind::Download, url, "the server redirected the download in a loop",
                     "Check the address, or download the file from a mirror");
    if (!end.bodyStarted)
        return Error(ErrorKind::Download, url, "the download could not start (" + why + ")",
                     "Check the network connection and the proxy settings, then try again");
    if (!transferred || (end.total >= 0 && end.received < end.total)) {
        const std::string got =
            end.total >= 0 ? megabytes(end.received) + " of " + megabytes(end.total) : megabytes(end.received);
        return Error(ErrorKind::Download, url, "the download stopped after " + got + " (" + why + ")",
                     "Run the download again: it goes on where it stopped");
    }
    return std::nullopt;
}

} // namespace brushwork
