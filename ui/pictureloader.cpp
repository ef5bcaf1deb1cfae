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
            } catch (const std::exception&) {
                // An exception leaving a QtConcurrent task ends the studio; say so and go on.
                picture.error = QObject::tr("%1 could not be opened: the computer ran out of memory or the "
                                            "picture is damaged.")
                                    .arg(path);
            }
            pictures.push_back(picture);
        }
        return pictures;
    }));
}
