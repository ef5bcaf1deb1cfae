// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/collectioncontroller.h"

#include "session/studiosession.h"
#include "support/errortext.h"
#include "support/lastfolder.h"

#include "brushwork/collection.h"
#include "brushwork/error.h"
#include "brushwork/tasks/taskrunner.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>

#include <optional>

namespace brushwork::studio {
namespace {

/// The recipe of the piece the studio shows, as a plan can list it; a
/// notice instead when a picture has no file a plan could name (a pasted
/// one). Its regions' masks are written beside the plan when it is added.
std::optional<brushwork::Project> currentPiece(const StudioSession& session, QString& problem)
{
    const brushwork::Project recipe = session.recipe();
    if (recipe.content.path.empty()) {
        problem = QObject::tr("The photo was pasted, so a collection plan cannot name it. Save it as a file and open "
                              "that file, then add it to the collection.");
        return std::nullopt;
    }
    for (const brushwork::ProjectPicture& painting : recipe.styles) {
        if (painting.path.empty()) {
            problem = QObject::tr("The painting “%1” was pasted, so a collection plan cannot name it. Save it as a "
                                  "file and add that file, then add the piece to the collection.")
                          .arg(QString::fromStdString(painting.name));
            return std::nullopt;
        }
    }
    return recipe;
}

} // namespace

CollectionController::CollectionController(StudioSession& session, QWidget* window)
    : QObject(window)
    , mSession(session)
    , mWindow(window)
{
    setObjectName("collections");
}

bool CollectionController::canAdd() const
{
    return !mSession.photo().empty() && !mSession.paintings().empty();
}

void CollectionController::addTo(const QString& planPath)
{
    if (!canAdd())
        return;
    QString problem;
    std::optional<brushwork::Project> piece;
    try {
        piece = currentPiece(mSession, problem);
    } catch (const brushwork::Error& error) {
        problem = errortext::describe(error);
    }
    if (!piece) {
        Q_EMIT notice(problem);
        Q_EMIT added(false);
        return;
    }
    const QString name = QFileInfo(planPath).fileName();
    Q_EMIT status(tr("Adding the piece to %1…").arg(name));
    TaskRunner::runOnce(
        this, [path = planPath.toStdString(), piece = *piece] { return brushwork::addRecipeToPlanFile(path, piece); },
        [this, planPath, name](const TaskResult<int>& result) {
            if (result.ok()) {
                const QString pieces = result.value == 1 ? tr("1 piece") : tr("%1 pieces").arg(result.value);
                Q_EMIT status(tr("Added to the collection %1, which now lists %2. brushwork-cli batch run renders it.")
                                  .arg(name, pieces));
                lastfolder::rememberFolderOf(planPath);
            } else {
                Q_EMIT notice(errortext::describe(result.error));
            }
            Q_EMIT added(result.ok());
        });
}

void CollectionController::addDialog()
{
    if (!canAdd())
        return;
    QString path = QFileDialog::getSaveFileName(mWindow, tr("Add to Collection"),
                                                QDir(lastfolder::get()).filePath(tr("collection.json")),
                                                tr("Collection plans (*.json)"), nullptr,
                                                QFileDialog::DontConfirmOverwrite);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += ".json";
    addTo(path);
}

} // namespace brushwork::studio
