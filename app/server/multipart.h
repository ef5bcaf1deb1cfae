// SPDX-License-Identifier: GPL-3.0-or-later
// Reading a multipart/form-data body (RFC 7578): the uploads of /v1/instant
// and /v1/jobs. Qt builds such bodies (QHttpMultiPart) but does not read them.
#pragma once

#include <QByteArray>
#include <QList>

#include <optional>

namespace server {

struct FormPart {
    QByteArray name;     ///< the field's name
    QByteArray fileName; ///< as the client named it; only ever shown, never opened
    QByteArray body;
};

/// The parts of `body`, or nothing when `contentType` is not
/// multipart/form-data with a boundary or the body is not well formed.
std::optional<QList<FormPart>> parseFormData(const QByteArray& contentType, const QByteArray& body);

} // namespace server
