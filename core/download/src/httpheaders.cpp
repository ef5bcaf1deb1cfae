// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpheaders.h"

#include <QRegularExpression>

namespace brushwork {

bool isSha256Hex(const QString& text)
{
    static const QRegularExpression hex("^[0-9a-fA-F]{64}$");
    return hex.match(text).hasMatch();
}

QString announcedSha256(const QByteArray& etag)
{
    QString value = QString::fromLatin1(etag).trimmed();
    if (value.startsWith("W/"))
        value = value.mid(2);
    if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
        value = value.mid(1, value.size() - 2);
    return isSha256Hex(value) ? value.toLower() : QString();
}

std::optional<ContentRange> parseContentRange(const QByteArray& value)
{
    static const QRegularExpression pattern(R"(^\s*bytes\s+(\d+)-(\d+)/(\d+|\*)\s*$)");
    const QRegularExpressionMatch match = pattern.match(QString::fromLatin1(value));
    if (!match.hasMatch())
        return std::nullopt;
    ContentRange range;
    range.first = match.captured(1).toLongLong();
    if (match.captured(3) != "*")
        range.total = match.captured(3).toLongLong();
    return range;
}

} // namespace brushwork
