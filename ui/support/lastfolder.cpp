// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/lastfolder.h"

#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace brushwork::studio::lastfolder {

QString get()
{
    return QSettings().value("lastFolder", QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)).toString();
}

QString forSaving()
{
    for (const QString& folder : {get(), QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)}) {
        const QFileInfo info(folder);
        if (info.isDir() && info.isWritable())
            return folder;
    }
    return QStandardPaths::writableLocation(QStandardPaths::HomeLocation);
}

void rememberFolderOf(const QString& file)
{
    QSettings().setValue("lastFolder", QFileInfo(file).absolutePath());
}

} // namespace brushwork::studio::lastfolder
