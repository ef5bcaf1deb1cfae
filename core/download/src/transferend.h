// SPDX-License-Identifier: GPL-3.0-or-later
// How a download's transfer ended, and what that means for the painter.
#pragma once

#include "brushwork/error.h"

#include <QtGlobal>

#include <optional>
#include <string>

class QNetworkReply;

namespace brushwork {

/// A transfer that receives nothing for this long is given up (and can be resumed).
constexpr int kStallTimeoutMs = 60000;

/// What is known once the reply finished.
struct TransferEnd {
    int status = 0;           ///< HTTP status; 0 when no answer came
    std::string phrase;       ///< the status's reason phrase, printable
    int networkError = 0;     ///< QNetworkReply::NetworkError
    std::string errorText;    ///< Qt's words for networkError
    bool bodyStarted = false; ///< bytes of the file were being written
    qint64 received = 0;      ///< bytes on disk
    qint64 total = -1;        ///< bytes the file has; -1: unknown

    static TransferEnd of(const QNetworkReply& reply, bool bodyStarted, qint64 received, qint64 total);
};

/// Why the transfer did not bring the whole file, or nothing when it did.
std::optional<Error> transferFailure(const TransferEnd& end, const std::string& url);

} // namespace brushwork
