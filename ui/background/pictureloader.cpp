// SPDX-License-Identifier: GPL-3.0-or-later
#include "background/pictureloader.h"

#include "support/errortext.h"

#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/tasks/taskrunner.h"

namespace brushwork::studio {

void PictureLoader::load(const QStringList& paths, Role role)
{
    if (paths.isEmpty())
        return;
    ++mPending;
    auto decode = [paths] {
        std::vector<Picture> pictures;
        for (const QString& path : paths) {
            Picture picture{path, {}, {}};
            try {
                picture.image = brushwork::loadImage(path.toStdString());
            } catch (const brushwork::Error& error) {
                picture.error = errortext::describe(error);
            } catch (const std::exception&) {
                // One picture that cannot be read leaves the others to open; say so and go on.
                picture.error = QObject::tr("%1 could not be opened: the computer ran out of memory or the "
                                            "picture is damaged.")
                                    .arg(path);
            }
            pictures.push_back(picture);
        }
        return pictures;
    };
    TaskRunner::runOnce(this, std::move(decode), [this, role](const TaskResult<std::vector<Picture>>& result) {
        --mPending;
        Q_EMIT loaded(role, result.value);
    });
}

} // namespace brushwork::studio
