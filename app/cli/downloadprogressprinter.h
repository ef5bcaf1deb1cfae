// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "brushwork/download/downloadprogress.h"

#include <QString>

namespace cli {

/// A download's progress on stderr: one line kept up to date on a terminal,
/// a line per tenth of the file in a log (per 50 MB while the size is unknown).
class DownloadProgressPrinter {
public:
    explicit DownloadProgressPrinter(QString name);
    void print(const brushwork::DownloadProgress& progress);
    /// Ends the line a terminal was showing.
    void finish();

private:
    QString mName;
    bool mTerminal = false;
    int mPrintedWidth = 0;
    qint64 mLastStep = -1;
};

} // namespace cli
