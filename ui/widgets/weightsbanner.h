// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>

class QLabel;

namespace brushwork::studio {

class DownloadDialog;

/// Above the picture, about the feature network: while none is there it says
/// so plainly and offers to download VGG19 or to install a weights file the
/// user already has; while only SqueezeNet is (the built-in one on a fresh
/// install) it is a quiet one-line offer of VGG19's finer detail, which the
/// user can close for good.
class WeightsBanner : public QFrame {
    Q_OBJECT
public:
    enum class Need { None, Offer, Missing };

    explicit WeightsBanner(QWidget* parent = nullptr);

    /// Shows the banner for `need` (hidden for None, and for Offer once closed).
    void showFor(Need need);

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

    Need mNeed = Need::None;
    QLabel* mText;
    QWidget* mChoose;
    QWidget* mClose;
};

} // namespace brushwork::studio
