// SPDX-License-Identifier: GPL-3.0-or-later
// The folder the file dialogs open in: where the painter last opened or
// saved something, kept across sessions.
#pragma once

#include <QString>

namespace brushwork::studio::lastfolder {

/// The remembered folder; the Pictures folder the first time.
QString get();
/// Where a save dialog opens: the remembered folder when the painter can
/// write there (a photo opened from a read-only folder or a removed card
/// leaves one they cannot), else their Pictures folder, else their home.
QString forSaving();
/// Remembers the folder `file` is in.
void rememberFolderOf(const QString& file);

} // namespace brushwork::studio::lastfolder
