// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/filedrop.h"

#include "brushwork/error.h"

#include <QDateTime>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QStandardPaths>

namespace brushwork::studio {

QStringList droppedFiles(const QMimeData* mime)
{
    QStringList paths;
    if (!mime)
        return paths;
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    return paths;
}

void acceptFileDrag(QDragEnterEvent* event)
{
    if (!droppedFiles(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

QStringList takeFileDrop(QDropEvent* event)
{
    const QStringList paths = droppedFiles(event->mimeData());
    if (!paths.isEmpty())
        event->acceptProposedAction();
    return paths;
}

QString savePastedPicture(const QImage& picture)
{
    const QDir folder(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/pasted");
    folder.mkpath(".");
    const QString path = folder.filePath(QStringLiteral("pasted-%1.png").arg(QDateTime::currentMSecsSinceEpoch()));
    if (!picture.save(path))
        throw brushwork::Error(brushwork::ErrorKind::Io, path.toStdString(), "the pasted picture could not be written",
                               "Check that there is space left on the disk");
    return path;
}

} // namespace brushwork::studio
