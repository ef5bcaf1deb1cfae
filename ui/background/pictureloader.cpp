// SPDX-License-Identifier: GPL-3.0-or-later
#include "pictureloader.h"

#include "errortext.h"

#include "brushwork/error.h"
#include "brushwork/image.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

void PictureLoader::load(const QStringList& paths, Role role)
{
    if (paths.isEmpty())
        return;
    auto* watcher = new QFutureWatcher<std::vector<Picture>>(this);
    connect(watcher, &QFutureWatcher<std::vector<Picture>>::finished, this, [this, watcher, role] {
        --mPending;
        Q_EMIT loaded(role, watcher->result());
        watcher->deleteLater();
    });
    ++mPending;
    watcher->setFuture(QtConcurrent::run([paths] {
        std::vector<Picture> pictures;
        for (const QString& path : paths) {
            Picture picture{path, {}, {}};
            try {
                picture.image = brushwork::loadImage(path.toStdString());
            } catch (const brushwork::Error& error) {
                picture.error = errortext::describe(error);
            }
            pictures.push_back(picture);
        }
        return pictures;
    }));
}
