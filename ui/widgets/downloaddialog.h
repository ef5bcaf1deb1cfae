// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "brushwork/download/downloadprogress.h"
#include "brushwork/download/downloadrequest.h"

#include <QDialog>

class QLabel;
class QProgressBar;
class QPushButton;

namespace brushwork {
class ModelDownloader;
}

namespace brushwork::studio {

/// Downloads one network while showing how far it has come, how fast and
/// how long it will take; Cancel keeps what arrived for the next attempt.
/// Accepted once the network is installed; a failure is explained in the
/// dialog until the user closes it (rejected).
class DownloadDialog : public QDialog {
    Q_OBJECT
public:
    /// `title` names the network for a painter ("VGG19"). The download
    /// starts when the event loop next runs.
    DownloadDialog(const brushwork::DownloadRequest& request, const QString& title, QWidget* parent = nullptr);

    brushwork::ModelDownloader& downloader() { return *mDownloader; }

    /// Cancels a download under way; the dialog closes once it has stopped.
    void reject() override;

private:
    enum class Stage { Downloading, Installing, Finished };

    void showProgress(const brushwork::DownloadProgress& progress);
    void showInstalling();
    void showFailure();

    brushwork::ModelDownloader* mDownloader;
    QString mTitle;
    Stage mStage = Stage::Downloading;
    bool mShownProgress = false;
    QLabel* mHeading;
    QLabel* mAmount;
    QLabel* mSpeed;
    QProgressBar* mBar;
    QPushButton* mButton;
};

} // namespace brushwork::studio
