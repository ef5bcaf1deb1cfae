// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMenu>

namespace brushwork::studio {

/// File > Open Recent: the pictures opened last, kept across sessions.
class RecentFilesMenu : public QMenu {
    Q_OBJECT
public:
    explicit RecentFilesMenu(const QString& title, QWidget* parent = nullptr);

    /// Puts `path` first (once) and keeps the newest few.
    void remember(const QString& path);

Q_SIGNALS:
    void chosen(const QString& path);

private:
    void rebuild();
};

} // namespace brushwork::studio
