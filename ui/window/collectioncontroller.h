// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

class QWidget;

namespace brushwork::studio {

class StudioSession;

/// "Add to Collection…": appends the current photo, paintings and settings
/// to a collection plan file (made when it is not there yet), so that a
/// collection designed by eye is rendered by `brushwork-cli batch run`. The
/// plan is read and written in the background.
class CollectionController : public QObject {
    Q_OBJECT
public:
    /// `window` parents the dialog.
    CollectionController(StudioSession& session, QWidget* window);

    /// A photo and at least one painting are there.
    bool canAdd() const;
    void addTo(const QString& planPath);
    /// Asks for a plan file, an existing one or a new name, then addTo.
    void addDialog();

Q_SIGNALS:
    void added(bool ok);
    void notice(const QString& text);
    void status(const QString& text);

private:
    StudioSession& mSession;
    QWidget* mWindow;
};

} // namespace brushwork::studio
