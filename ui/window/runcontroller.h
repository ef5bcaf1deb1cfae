// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "brushwork/progress.h"

#include <QObject>
#include <QString>

class QImage;

namespace brushwork::studio {

class Autosaver;
class StudioSession;
class StyleRunner;

/// A painting run: Start, Continue (from the current picture, at full
/// size), Pause, Stop, Reset and steering, with the run's frames becoming
/// the session's picture and its work kept safe by the autosave.
class RunController : public QObject {
    Q_OBJECT
public:
    RunController(StudioSession& session, StyleRunner& runner, Autosaver& autosaver, QObject* parent);

    /// Paints from the photo, or with `fromCurrent` on from the current
    /// picture: refined in place, or, when the run's size is larger
    /// (continuesAsPrint), its print, enlarged and refined from it.
    void start(bool fromCurrent);
    /// Continue paints the print of the picture on screen: what was approved
    /// is what is printed (issue 27).
    bool continuesAsPrint() const;
    void togglePause();
    void stop();
    /// Drops the run and goes back to the photo.
    void reset();
    /// Sends the session's weights (loss weights and shares) to the run; done
    /// whenever they change.
    void steer();

Q_SIGNALS:
    /// A run starts or Reset was pressed: what showed the last picture goes.
    void replacingPicture();
    /// Running or paused changed.
    void changed();
    void notice(const QString& text);
    void status(const QString& text);

private:
    void onProgress(const brushwork::Progress& progress);
    void onFinished(const QImage& result, bool cancelled);

    StudioSession& mSession;
    StyleRunner& mRunner;
    Autosaver& mAutosaver;
    brushwork::Progress mLast;
};

} // namespace brushwork::studio
