// SPDX-License-Identifier: GPL-3.0-or-later
#include "collectionfixture.h"

#include "brushwork/image.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <sys/stat.h>

using nlohmann::json;

namespace collectionfixture {

QString freshFolder(const QString& name)
{
    const QString folder = testsupport::scratchDir() + "/" + name;
    QDir(folder).removeRecursively();
    QDir().mkpath(folder);
    return folder;
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(bytes);
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray snapshot(const QString& path)
{
    const QFileInfo info(path);
    if (info.isSymLink())
        return "link to " + info.symLinkTarget().toUtf8();
    if (!info.exists())
        return "(absent)";
    if (info.isDir())
        return QDir(path).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).join('\n').toUtf8();
    return readFile(path);
}

void makeFifo(const QString& path)
{
    QFile::remove(path);
    QDir().mkpath(QFileInfo(path).path());
    ::mkfifo(QFile::encodeName(path).constData(), 0600);
}

QString photo()
{
    static const QString path = [] {
        const QString file = testsupport::scratchDir() + "/photo.png";
        brushwork::saveImage(file.toStdString(), testsupport::makeContentImage(32, 24));
        return file;
    }();
    return path;
}

QString painting()
{
    static const QString path = [] {
        const QString file = testsupport::scratchDir() + "/painting.png";
        brushwork::saveImage(file.toStdString(), testsupport::makeStyleImage(32, 32));
        return file;
    }();
    return path;
}

json instantPiece(const std::string& id, const QString& photo, const QString& painting, const json& settings)
{
    json piece = {{"id", id}, {"photo", photo.toStdString()}, {"paintings", painting.toStdString()}};
    if (!settings.empty())
        piece["settings"] = settings;
    return piece;
}

QString writePlan(const QString& path, const json& pieces, const json& extra)
{
    json plan = {{"format", "brushwork-collection-plan"},
                 {"version", 1},
                 {"method", "instant"},
                 {"settings", {{"size", 32}}},
                 {"pieces", pieces}};
    plan.update(extra);
    writeFile(path, QByteArray::fromStdString(plan.dump(2)));
    return path;
}

} // namespace collectionfixture
