// SPDX-License-Identifier: GPL-3.0-or-later
// Files dragged from a file manager, for every widget that takes them.
#pragma once

#include <QImage>
#include <QStringList>

class QDragEnterEvent;
class QDropEvent;
class QMimeData;

namespace brushwork::studio {

/// Local file paths among `mime`'s URLs.
QStringList droppedFiles(const QMimeData* mime);

/// Accepts a drag that carries local files.
void acceptFileDrag(QDragEnterEvent* event);

/// The local files a drop carries; accepts the drop when there are any.
QStringList takeFileDrop(QDropEvent* event);

/// Writes a pasted picture into the app's data folder, so that it opens like
/// any other picture; returns its path. Throws brushwork::Error(Io).
QString savePastedPicture(const QImage& picture);

} // namespace brushwork::studio
