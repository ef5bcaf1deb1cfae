// SPDX-License-Identifier: GPL-3.0-or-later
// What happens to a download's bytes around the transfer: where they wait,
// the checks they must pass, and their install. The file work runs on a
// task runner's thread; the checks are plain functions.
#pragma once

#include "brushwork/download/downloadrequest.h"
#include "brushwork/error.h"
#include "brushwork/modelsource.h"

#include <QString>

#include <exception>
#include <optional>
#include <string>

class QCryptographicHash;

namespace brushwork::partialdownload {

/// The hidden folder of the model folder where downloads wait.
QString folder();

/// Adds the first `bytes` of `path` (an earlier attempt's bytes) to `hash`.
/// Throws Error(Io) naming the file when it cannot be read.
void hashPrefix(QCryptographicHash& hash, const QString& path, qint64 bytes);

/// The most bytes `request` may bring before it is cut off: a small margin
/// over the size the manifest or the server announced (`announced`, -1:
/// none), else well above the largest real file of its kind.
qint64 largestAllowed(const DownloadRequest& request, qint64 announced);
/// Why a download passing largestAllowed() was cut off.
Error oversized(const DownloadRequest& request, qint64 announced, const std::string& url);

/// Why the complete file cannot be installed (a size or SHA-256 that is not
/// the expected one), or nothing when it can. `announcedSha256` is the
/// server's, used when the request names none.
std::optional<Error> mismatch(const DownloadRequest& request, qint64 received, const QString& actualSha256,
                              const QString& announcedSha256, const std::string& url);

/// Installs the verified file `partial` with importModel() and records where
/// it came from; removes `partial` in any case. Returns the installed path.
std::string install(const std::string& partial, NetworkKind network, const std::string& fastStyleName,
                    const ModelSource& source);

/// What `thrown` by hashPrefix() means: an Error as it is, anything else an
/// Io error of `path`.
Error asError(std::exception_ptr thrown, const std::string& path);
/// What `thrown` by install() means: as asError(), but a file Brushwork
/// cannot use is named by its address `url`, since the partial file is gone.
Error installError(std::exception_ptr thrown, const std::string& url, const std::string& path);

} // namespace brushwork::partialdownload
