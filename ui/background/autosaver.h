// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "brushwork/autosavepolicy.h"
#include "brushwork/progress.h"
#include "brushwork/project.h"

#include <QImage>
#include <QObject>
#include <QString>

#include <optional>

namespace brushwork::studio {

/// Keeps the work of a run safe: a project with copies of its pictures and
/// the current picture, in a folder of its own, saved when
/// brushwork::AutosavePolicy says so, in the background. A normal end clears
/// it; what is left after a crash or a kill is offered back at the next
/// start. Writes go one at a time, in order; of the saves waiting, only the
/// newest is kept.
class Autosaver : public QObject {
    Q_OBJECT
public:
    /// The app's data folder + "/autosave".
    static QString defaultFolder();

    explicit Autosaver(QString folder, QObject* parent = nullptr);

    /// Starts a session for `recipe`: copies of the photo and paintings are
    /// written first, so a restore does not depend on the originals (pasted
    /// pictures have no file at all).
    void begin(const brushwork::Project& recipe, const cv::Mat& content, const std::vector<cv::Mat>& styles);
    /// The run was steered to `weights` (sliders, shares, regions): later
    /// saves restore it as it is painted now, not as it started.
    void steer(const brushwork::LossWeights& weights);
    /// Saves `picture`, painted at `progress`, when the policy says it is due.
    void update(const QImage& picture, const brushwork::Progress& progress);
    /// Saves `picture` now: the run has ended.
    void save(const QImage& picture, const brushwork::Progress& progress);
    /// Nothing is left to recover.
    void clear();

    QString projectPath() const;
    /// A project left by a session that did not end normally.
    bool hasRecovery() const;

Q_SIGNALS:
    void saved(int iteration);
    void failed(const QString& message);

private:
    struct Pending {
        QImage picture;
        brushwork::Progress progress;
    };
    void write(const Pending& pending);
    void writeNext();

    QString mFolder;
    brushwork::Project mRecipe;
    std::optional<brushwork::LossWeights> mSteered;
    brushwork::AutosavePolicy mPolicy;
    bool mActive = false;
    bool mWriting = false;
    std::optional<Pending> mQueued;
};

} // namespace brushwork::studio
