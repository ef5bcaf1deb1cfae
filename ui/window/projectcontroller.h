// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

class QWidget;

namespace brushwork {
class TaskRunner;
}

namespace brushwork::studio {

class Autosaver;
class StudioSession;
class VideoController;

/// Projects in the studio: Save Project (optionally with copies of the
/// pictures), Open Project, and the autosave of a session that did not end
/// normally, offered back at the next start. Reading and writing happen in
/// the background; a project is read and checked completely before anything
/// in the session changes, so a damaged one changes nothing. Of projects
/// opened one after the other before the first is read, the last is shown.
class ProjectController : public QObject {
    Q_OBJECT
public:
    /// `window` parents the file dialogs.
    ProjectController(StudioSession& session, Autosaver& autosaver, QWidget* window);

    /// A project saved with a clip open reopens it through `video` at the
    /// frame it showed; without it, such a project is refused.
    void openClipsWith(VideoController& video);

    void open(const QString& path);
    /// Saves the project with its picture beside it; `withCopies` also keeps
    /// 16-bit copies of the photo and paintings, for moving it elsewhere.
    void save(const QString& path, bool withCopies);
    void openDialog();
    void saveDialog(bool withCopies);

    /// The autosave of a session that did not end normally is there.
    bool hasRecovery() const;
    /// Says so in the notice, with links to restore or discard it.
    void offerRecovery();
    void restoreRecovery();
    void discardRecovery();

Q_SIGNALS:
    /// A project was read: the window stops a run before it is shown.
    void aboutToReplaceWork();
    void opened(bool ok);
    void saved(bool ok);
    /// For the notice above the picture: a problem, or an offer with links.
    void notice(const QString& text);
    void status(const QString& text);

private:
    void openAs(const QString& path, bool restoring);

    StudioSession& mSession;
    Autosaver& mAutosaver;
    QWidget* mWindow;
    VideoController* mVideo = nullptr;
    brushwork::TaskRunner* mOpening;
};

} // namespace brushwork::studio
