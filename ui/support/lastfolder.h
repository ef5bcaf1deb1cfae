// SPDX-License-Identifier: GPL-3.0-or-later
// The folder the file dialogs open in: where the painter last opened or
// saved something, kept across sessions.
#pragma once

#include <QString>

namespace brushwork::studio::lastfolder {

/// The remembered folder; the Pictures folder the first time.
QString get();
/// Remembers the folder `file` is in.
void rememberFolderOf(const QString& file);

} // namespace brushwork::studio::lastfolder
