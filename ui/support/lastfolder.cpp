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

void rememberFolderOf(const QString& file)
{
    QSettings().setValue("lastFolder", QFileInfo(file).absolutePath());
}

} // namespace brushwork::studio::lastfolder
