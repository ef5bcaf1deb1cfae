// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/download/downloadprogress.h"

#include <cmath>

namespace brushwork {

qint64 DownloadProgress::secondsLeft() const
{
    if (total < 0 || bytesPerSecond <= 0)
        return -1;
    // Rounded up: "0:00 left" while bytes are still missing would be wrong.
    return qint64(std::ceil((total - received) / bytesPerSecond));
}

QString megabytesText(qint64 bytes)
{
    return QString::number(double(bytes) / 1e6, 'f', 1);
}

QString durationText(qint64 seconds)
{
    const auto twoDigits = [](qint64 value) { return QString::number(value).rightJustified(2, '0'); };
    if (seconds >= 3600)
        return QString::number(seconds / 3600) + ":" + twoDigits(seconds / 60 % 60) + ":" + twoDigits(seconds % 60);
    return QString::number(seconds / 60) + ":" + twoDigits(seconds % 60);
}

QString progressLine(const QString& name, const DownloadProgress& progress)
{
    QString line = name + "  " + megabytesText(progress.received);
    line += progress.total >= 0 ? " / " + megabytesText(progress.total) + " MB" : " MB";
    if (progress.bytesPerSecond > 0)
        line += "  " + megabytesText(qint64(progress.bytesPerSecond)) + " MB/s";
    const qint64 left = progress.secondsLeft();
    if (left >= 0)
        line += "  ETA " + durationText(left);
    return line;
}

} // namespace brushwork
