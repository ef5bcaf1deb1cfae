// SPDX-License-Identifier: GPL-3.0-or-later
#include "filedrop.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>

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
