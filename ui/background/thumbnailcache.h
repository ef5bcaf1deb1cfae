// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <QString>
#include <QStringList>

namespace brushwork::studio {

/// The style networks' thumbnails on disk, in the XDG cache folder, so that the
/// second start shows them at once instead of running every network again.
/// A thumbnail is keyed by its network file's path, modification time and
/// size: a replaced network gets a new one. Safe to use from any thread, as
/// long as one thread at a time writes.
namespace thumbnailcache {

/// The key of `networkPath`'s thumbnail as the file is now; empty when the
/// file is gone.
QString keyFor(const QString& networkPath);

/// The cached thumbnail for `key`; null when there is none (or it is damaged).
QImage load(const QString& key);

/// Keeps `thumbnail` under `key`. A cache that cannot be written only costs
/// time at the next start, so failures are ignored.
void store(const QString& key, const QImage& thumbnail);

/// Removes every thumbnail whose key is not in `keep`: those of networks
/// removed or replaced since.
void prune(const QStringList& keep);

} // namespace thumbnailcache

} // namespace brushwork::studio
