// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/download/downloadrequest.h"

#include "brushwork/download/modelmanifest.h"
#include "brushwork/error.h"
#include "httpheaders.h"

#include <QRegularExpression>
#include <QStringList>

namespace brushwork {
namespace {

NetworkKind networkNamed(const QString& name)
{
    for (NetworkKind kind : {NetworkKind::Vgg19, NetworkKind::SqueezeNet})
        if (name == networkName(kind))
            return kind;
    return NetworkKind::Auto;
}

} // namespace

DownloadRequest downloadRequest(const QString& name, const QString& url, const QString& sha256)
{
    // The name becomes part of file names in the model folder.
    static const QRegularExpression plainName("^[A-Za-z0-9][A-Za-z0-9._-]*$");
    if (!plainName.match(name).hasMatch())
        throw Error(ErrorKind::Usage, {}, "\"" + name.toStdString() + "\" cannot name a model",
                    "Use letters, digits, '.', '-' and '_'");
    DownloadRequest request;
    request.name = name;
    request.network = networkNamed(name);
    if (const auto entry = manifestEntry(name)) {
        // A mirror serves the same file, so the manifest's checksum still holds.
        request.url = QUrl(entry->url);
        request.sha256 = entry->sha256;
        request.sha256Prefix = entry->sha256Prefix;
        request.size = entry->size;
    } else if (url.isEmpty()) {
        QStringList known;
        for (const ManifestEntry& model : modelManifest())
            known << model.name;
        throw Error(ErrorKind::Usage, {}, "there is no model called \"" + name.toStdString() + "\" to download",
                    "Name one of " + known.join(", ").toStdString() + ", or give its address",
                    Remedy::GiveDownloadAddress);
    }
    if (!url.isEmpty())
        request.url = QUrl::fromUserInput(url);
    if (!sha256.isEmpty()) {
        if (!isSha256Hex(sha256))
            throw Error(ErrorKind::Usage, {}, "\"" + sha256.toStdString() + "\" is not a SHA-256",
                        "Give the 64 hexadecimal digits that sha256sum prints");
        request.sha256 = sha256.toLower();
    }
    if (!request.url.isValid() || request.url.scheme().isEmpty())
        throw Error(ErrorKind::Usage, {}, "\"" + url.toStdString() + "\" is not an address to download from",
                    "Give an http:// or https:// address");
    return request;
}

} // namespace brushwork
