// SPDX-License-Identifier: GPL-3.0-or-later
// The few HTTP header values a resumable, checked download reads.
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace brushwork {

/// 64 hexadecimal digits, either case.
bool isSha256Hex(const QString& text);

/// The SHA-256 a server announces in an ETag or X-Linked-Etag value
/// ("\"<64 hex>\"", possibly weak "W/..."), lowercase; empty when the value is
/// an opaque tag instead.
QString announcedSha256(const QByteArray& etag);

struct ContentRange {
    qint64 first = 0;
    qint64 total = -1; ///< -1 when the server writes "*"
};

/// "bytes FIRST-LAST/TOTAL" of a 206 reply; nothing when malformed.
std::optional<ContentRange> parseContentRange(const QByteArray& value);

} // namespace brushwork
