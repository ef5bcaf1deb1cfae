// SPDX-License-Identifier: GPL-3.0-or-later
#include "downloadprogressprinter.h"

#include <cstdio>
#include <unistd.h>

namespace cli {
namespace {

constexpr qint64 kUnknownSizeStep = 50'000'000;

} // namespace

DownloadProgressPrinter::DownloadProgressPrinter(QString name)
    : mName(std::move(name))
    , mTerminal(isatty(STDERR_FILENO) == 1)
{
}

void DownloadProgressPrinter::print(const brushwork::DownloadProgress& progress)
{
    const QByteArray line = brushwork::progressLine(mName, progress).toUtf8();
    if (mTerminal) {
        // Spaces wipe what a longer previous line left behind.
        std::fprintf(stderr, "\r%s%*s", line.constData(), std::max(0, mPrintedWidth - int(line.size())), "");
        mPrintedWidth = int(line.size());
        std::fflush(stderr);
        return;
    }
    const qint64 step = progress.total > 0 ? 10 * progress.received / progress.total
                                           : progress.received / kUnknownSizeStep;
    if (step == mLastStep)
        return;
    mLastStep = step;
    std::fprintf(stderr, "%s\n", line.constData());
}

void DownloadProgressPrinter::finish()
{
    if (mTerminal && mPrintedWidth > 0)
        std::fprintf(stderr, "\n");
    mPrintedWidth = 0;
}

} // namespace cli
