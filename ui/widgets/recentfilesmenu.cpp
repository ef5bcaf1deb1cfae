// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/recentfilesmenu.h"

#include <QFileInfo>
#include <QSettings>

namespace brushwork::studio {
namespace {
constexpr int kRecentCount = 8;
} // namespace

RecentFilesMenu::RecentFilesMenu(const QString& title, QWidget* parent)
    : QMenu(title, parent)
{
    rebuild();
}

void RecentFilesMenu::remember(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value("recent").toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    settings.setValue("recent", recent.mid(0, kRecentCount));
    rebuild();
}

void RecentFilesMenu::rebuild()
{
    clear();
    const QStringList recent = QSettings().value("recent").toStringList();
    for (const QString& path : recent)
        addAction(QFileInfo(path).fileName(), this, [this, path] { Q_EMIT chosen(path); });
    setEnabled(!recent.isEmpty());
}

} // namespace brushwork::studio
