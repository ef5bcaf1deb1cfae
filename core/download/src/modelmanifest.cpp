// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/download/modelmanifest.h"

#include "brushwork/error.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace brushwork {
namespace {

const char* const kManifestResource = ":/brushwork/manifest.json";

ManifestEntry entryFrom(const QJsonObject& object)
{
    ManifestEntry entry;
    entry.name = object.value("name").toString();
    entry.file = object.value("file").toString();
    entry.url = object.value("url").toString();
    // null (not pinned yet) reads as -1 and an empty string.
    entry.size = qint64(object.value("size").toDouble(-1));
    entry.sha256 = object.value("sha256").toString().toLower();
    entry.sha256Prefix = object.value("sha256_prefix").toString().toLower();
    entry.licence = object.value("licence").toString();
    entry.purpose = object.value("purpose").toString();
    return entry;
}

} // namespace

std::vector<ManifestEntry> modelManifest()
{
    QFile file(kManifestResource);
    QJsonParseError parseError;
    const QJsonDocument document =
        QJsonDocument::fromJson(file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray(), &parseError);
    const QJsonArray models = document.object().value("models").toArray();
    if (parseError.error != QJsonParseError::NoError || models.isEmpty())
        throw Error(ErrorKind::BadInput, kManifestResource, "the list of downloadable models is missing or damaged",
                    "This build of Brushwork is broken; reinstall it");
    std::vector<ManifestEntry> entries;
    for (const QJsonValue& model : models)
        entries.push_back(entryFrom(model.toObject()));
    return entries;
}

std::optional<ManifestEntry> manifestEntry(const QString& name)
{
    for (const ManifestEntry& entry : modelManifest())
        if (entry.name == name)
            return entry;
    return std::nullopt;
}

} // namespace brushwork
