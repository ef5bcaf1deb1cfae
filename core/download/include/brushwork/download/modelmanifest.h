// SPDX-License-Identifier: GPL-3.0-or-later
// The networks Brushwork knows how to download: models/manifest.json,
// compiled into the program.
#pragma once

#include <QString>

#include <optional>
#include <vector>

namespace brushwork {

struct ManifestEntry {
    QString name;         ///< "vgg19", "squeezenet"
    QString file;         ///< the installed file's name in the model folder
    QString url;          ///< where the original file is downloaded from
    qint64 size = -1;     ///< of the original file in bytes; -1 when not pinned
    QString sha256;       ///< of the original file, lowercase hex; empty when not pinned
    QString sha256Prefix; ///< the start of the SHA-256 when only that is known (torchvision's file names)
    QString licence;
    QString purpose;
};

/// Every entry of the manifest. Throws Error(BadInput) if the compiled-in
/// manifest cannot be read (a broken build).
std::vector<ManifestEntry> modelManifest();

/// The entry called `name`, if there is one.
std::optional<ManifestEntry> manifestEntry(const QString& name);

} // namespace brushwork
