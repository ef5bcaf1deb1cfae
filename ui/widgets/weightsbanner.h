// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>

class DownloadDialog;
class QLabel;

/// Shown while no feature network is installed: says so plainly and offers
/// to download VGG19 or to install a weights file the user already has.
class WeightsBanner : public QFrame {
    Q_OBJECT
public:
    explicit WeightsBanner(QWidget* parent = nullptr);

    /// Checks `path` and installs its network into the model folder under the
    /// name the engine looks for; returns an error message, empty on success.
    static QString install(const QString& path);

    void chooseFile();
    /// Opens the download dialog for VGG19 (window-modal, closes itself);
    /// installed() follows a successful download.
    DownloadDialog* download();

Q_SIGNALS:
    void installed();

private:
    QLabel* mText;
};
