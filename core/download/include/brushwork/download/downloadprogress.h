// SPDX-License-Identifier: GPL-3.0-or-later
// How far a download has come, and the words and numbers that show it.
#pragma once

#include <QString>

namespace brushwork {

struct DownloadProgress {
    qint64 received = 0;       ///< bytes of the file so far, a resumed part included
    qint64 total = -1;         ///< the file's size; -1 while unknown
    double bytesPerSecond = 0; ///< over the last few seconds

    /// At the current rate; -1 while the size or the rate is unknown.
    qint64 secondsLeft() const;
};

/// Bytes as megabytes with one decimal: "123.4".
QString megabytesText(qint64 bytes);

/// "0:37", "12:05", "1:02:03".
QString durationText(qint64 seconds);

/// One line for a terminal: "vgg19  123.4 / 575.0 MB  12.3 MB/s  ETA 0:37"
/// (the rate and ETA once they are known).
QString progressLine(const QString& name, const DownloadProgress& progress);

} // namespace brushwork
