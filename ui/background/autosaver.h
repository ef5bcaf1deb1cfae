// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "brushwork/progress.h"
#include "brushwork/project.h"

#include <QElapsedTimer>
#include <QImage>
#include <QObject>
#include <QString>

#include <optional>

/// Keeps the work of a run safe: a project with copies of its pictures and
/// the current picture, in a folder of its own, saved at the end of every
/// scale and at least every interval, in the background. A normal end
/// clears it; what is left after a crash or a kill is offered back at the
/// next start.
class Autosaver : public QObject {
    Q_OBJECT
public:
    /// The app's data folder + "/autosave".
    static QString defaultFolder();

    explicit Autosaver(QString folder, QObject* parent = nullptr);

    /// Starts a session for `recipe`: copies of the photo and paintings are
    /// written once, so a restore does not depend on the originals.
    void begin(brushwork::Project recipe, const cv::Mat& content, const std::vector<cv::Mat>& styles);
    /// Saves `picture` when `force` (a scale is done) or the interval has
    /// passed since the last save.
    void update(const QImage& picture, const brushwork::Progress& progress, bool force);
    /// Nothing is left to recover.
    void clear();

    QString projectPath() const;
    /// A project left by a session that did not end normally.
    bool hasRecovery() const;
    void setInterval(int milliseconds) { mInterval = milliseconds; }
    /// Saves still being written.
    bool busy() const { return mWriting; }

Q_SIGNALS:
    void saved(int iteration);
    void failed(const QString& message);

private:
    struct Pending {
        brushwork::Project project;
        QImage picture;
    };
    void write(Pending pending);

    QString mFolder;
    brushwork::Project mRecipe;
    bool mActive = false;
    bool mWriting = false;
    std::optional<Pending> mQueued;
    QElapsedTimer mSinceSave;
    int mInterval = 120000;
};
