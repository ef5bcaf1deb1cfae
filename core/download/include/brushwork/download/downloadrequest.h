// SPDX-License-Identifier: GPL-3.0-or-later
// What to download, where from, and how to know it arrived intact.
#pragma once

#include "brushwork/params.h"

#include <QString>
#include <QUrl>

namespace brushwork {

struct DownloadRequest {
    QString name;         ///< "vgg19", "squeezenet", or a fast style's name
    QUrl url;
    QString sha256;       ///< the expected SHA-256, lowercase hex; empty: the server's, else none
    QString sha256Prefix; ///< the start of the expected SHA-256, when only that is known
    qint64 size = -1;     ///< the expected size in bytes; -1 when unknown
    NetworkKind network = NetworkKind::Auto; ///< Auto: recognised from the file, fast styles too
};

/// The request for `name`: the manifest's entry, with `url` (a mirror) and
/// `sha256` given by the caller taking precedence. A name the manifest does
/// not know needs a URL; its file is recognised when it arrives. Throws
/// Error(Usage) for an unknown name without a URL, a name that is not a plain
/// file name, or a malformed SHA-256.
DownloadRequest downloadRequest(const QString& name, const QString& url = {}, const QString& sha256 = {});

} // namespace brushwork
