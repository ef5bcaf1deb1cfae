// SPDX-License-Identifier: GPL-3.0-or-later
// The rate of a transfer over the last few seconds: steadier than the last
// packet, quicker to follow a change than the average since the start.
#pragma once

#include <QElapsedTimer>

#include <deque>
#include <utility>

namespace brushwork {

class TransferRate {
public:
    TransferRate();

    /// `bytes` more have arrived now.
    void add(qint64 bytes);
    /// Bytes a second over the window; 0 until two samples are apart in time.
    double bytesPerSecond() const;

private:
    QElapsedTimer mClock;
    std::deque<std::pair<qint64, qint64>> mSamples; ///< (milliseconds, bytes so far)
    qint64 mBytes = 0;
};

} // namespace brushwork
