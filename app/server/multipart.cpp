// SPDX-License-Identifier: GPL-3.0-or-later
#include "multipart.h"

#include <QRegularExpression>

namespace server {
namespace {

QByteArray boundaryOf(const QByteArray& contentType)
{
    if (!contentType.trimmed().toLower().startsWith("multipart/form-data"))
        return {};
    static const QRegularExpression pattern(QStringLiteral("boundary=(\"([^\"]+)\"|([^;\\s]+))"),
                                            QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = pattern.match(QString::fromLatin1(contentType));
    if (!match.hasMatch())
        return {};
    return (match.captured(2).isEmpty() ? match.captured(3) : match.captured(2)).toLatin1();
}

/// A parameter (name="...") of a Content-Disposition header.
QByteArray parameter(const QByteArray& header, const QByteArray& key)
{
    const QByteArray needle = key + "=\"";
    qsizetype start = -1;
    for (qsizetype at = header.indexOf(needle); at >= 0; at = header.indexOf(needle, at + 1))
        if (at == 0 || header[at - 1] == ' ' || header[at - 1] == ';') {
            start = at + needle.size();
            break;
        }
    if (start < 0)
        return {};
    const qsizetype end = header.indexOf('"', start);
    return end < 0 ? QByteArray() : header.mid(start, end - start);
}

} // namespace

std::optional<QList<FormPart>> parseFormData(const QByteArray& contentType, const QByteArray& body)
{
    const QByteArray boundary = boundaryOf(contentType);
    if (boundary.isEmpty())
        return std::nullopt;
    const QByteArray delimiter = "--" + boundary;
    qsizetype at = body.indexOf(delimiter);
    if (at < 0)
        return std::nullopt;
    QList<FormPart> parts;
    for (;;) {
        at += delimiter.size();
        if (body.mid(at, 2) == "--")
            return parts; // the closing delimiter
        if (body.mid(at, 2) != "\r\n")
            return std::nullopt;
        at += 2;
        const qsizetype headersEnd = body.indexOf("\r\n\r\n", at);
        if (headersEnd < 0)
            return std::nullopt;
        FormPart part;
        for (const QByteArray& line : body.mid(at, headersEnd - at).split('\n')) {
            const QByteArray header = line.trimmed();
            if (header.toLower().startsWith("content-disposition:")) {
                part.name = parameter(header, "name");
                part.fileName = parameter(header, "filename");
            }
        }
        const qsizetype next = body.indexOf("\r\n" + delimiter, headersEnd + 4);
        if (next < 0 || part.name.isEmpty())
            return std::nullopt;
        part.body = body.mid(headersEnd + 4, next - headersEnd - 4);
        parts.append(part);
        at = next + 2;
    }
}

} // namespace server
