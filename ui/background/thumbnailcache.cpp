// SPDX-License-Identifier: GPL-3.0-or-later
#include "background/thumbnailcache.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace brushwork::studio::thumbnailcache {
namespace {

/// Bumped whenever the thumbnails are made differently (reference picture,
/// size), so that old ones are not shown in place of new ones.
constexpr int kRecipe = 1;

QDir folder()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + "/fast-style-thumbnails");
}

} // namespace

QString keyFor(const QString& networkPath)
{
    const QFileInfo info(networkPath);
    if (!info.exists())
        return {};
    const QString identity = QStringLiteral("%1\n%2\n%3\n%4")
                                 .arg(info.absoluteFilePath())
                                 .arg(info.lastModified().toMSecsSinceEpoch())
                                 .arg(info.size())
                                 .arg(kRecipe);
    return QString::fromLatin1(QCryptographicHash::hash(identity.toUtf8(), QCryptographicHash::Sha1).toHex());
}

QImage load(const QString& key)
{
    if (key.isEmpty())
        return {};
    return QImage(folder().filePath(key + ".png"));
}

void store(const QString& key, const QImage& thumbnail)
{
    const QDir dir = folder();
    if (key.isEmpty() || !dir.mkpath("."))
        return;
    QSaveFile file(dir.filePath(key + ".png"));
    if (file.open(QIODevice::WriteOnly) && thumbnail.save(&file, "PNG"))
        file.commit();
}

void prune(const QStringList& keep)
{
    QDir dir = folder();
    for (const QString& name : dir.entryList({"*.png"}, QDir::Files))
        if (!keep.contains(QFileInfo(name).completeBaseName()))
            dir.remove(name);
}

} // namespace brushwork::studio::thumbnailcache
