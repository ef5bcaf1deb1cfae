// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/progresstext.h"

#include <QCoreApplication>

#include <cmath>

namespace brushwork::studio::progresstext {

double secondsLeft(const brushwork::Progress& p)
{
    double total = 0;
    double done = 0;
    int seen = 0;
    for (const brushwork::ScaleStep& step : p.plan) {
        const double cost = double(step.longSide) * step.longSide;
        total += cost * step.iterations;
        done += cost * std::clamp(p.iteration - seen, 0, step.iterations);
        seen += step.iterations;
    }
    if (done <= 0 || p.elapsedSeconds <= 0)
        return -1;
    return p.elapsedSeconds * (total - done) / done;
}

QString duration(double seconds)
{
    const int s = int(std::lround(seconds));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString describe(const brushwork::Progress& p)
{
    // A server's progress says nothing of scales.
    QString text = p.scaleCount == 0
                       ? QCoreApplication::translate("progresstext", "Iteration %1 / %2 · %3")
                             .arg(p.iteration)
                             .arg(p.totalIterations)
                             .arg(duration(p.elapsedSeconds))
                       : QCoreApplication::translate("progresstext", "Iteration %1 / %2 · scale %3 / %4 (%5×%6) · %7")
                             .arg(p.iteration)
                             .arg(p.totalIterations)
                             .arg(p.scale + 1)
                             .arg(p.scaleCount)
                             .arg(p.width)
                             .arg(p.height)
                             .arg(duration(p.elapsedSeconds));
    if (p.tileCount > 0)
        text += QCoreApplication::translate("progresstext", " · tile %1 / %2, pass %3 / %4")
                    .arg(p.tile + 1)
                    .arg(p.tileCount)
                    .arg(p.sweep + 1)
                    .arg(p.sweepCount);
    const double left = secondsLeft(p);
    // A run that stops when the picture stops changing usually ends sooner.
    if (left >= 0 && p.iteration < p.totalIterations)
        text += p.mayStopEarly ? QCoreApplication::translate("progresstext", " · at most %1 left").arg(duration(left))
                               : QCoreApplication::translate("progresstext", " · about %1 left").arg(duration(left));
    return text;
}

} // namespace brushwork::studio::progresstext
