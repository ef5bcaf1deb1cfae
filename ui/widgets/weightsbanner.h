// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>

class QLabel;

namespace brushwork::studio {

class DownloadDialog;

/// Shown while no feature network is installed: says so plainly and offers
/// to download VGG19 or to install a weights file the user already has.
class WeightsBanner : public QFrame {
    Q_OBJECT
public:
    explicit WeightsBanner(QWidget* parent = nullptr);

    /// Asks for a weights file, then checks it and installs its network into
    /// the model folder under the name the engine looks for, in the
    /// background; installed() follows, or a message box says why not.
    void chooseFile();
    /// Opens the download dialog for VGG19 (window-modal, closes itself);
    /// installed() follows a successful download.
    DownloadDialog* download();

Q_SIGNALS:
    void installed();

private:
    void showExplanation();

    QLabel* mText;
};

} // namespace brushwork::studio
