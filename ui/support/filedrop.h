// SPDX-License-Identifier: GPL-3.0-or-later
// Files dragged from a file manager, for every widget that takes them.
#pragma once

#include <QStringList>

class QDragEnterEvent;
class QDropEvent;
class QMimeData;

/// Local file paths among `mime`'s URLs.
QStringList droppedFiles(const QMimeData* mime);

/// Accepts a drag that carries local files.
void acceptFileDrag(QDragEnterEvent* event);

/// The local files a drop carries; accepts the drop when there are any.
QStringList takeFileDrop(QDropEvent* event);
