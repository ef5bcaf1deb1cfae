// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "background/remotepainter.h"

#include <QDialog>

#include <optional>

class QLabel;
class QLineEdit;
class QRadioButton;

namespace brushwork::studio {

/// "Paint on: This computer | A Brushwork server…": the server's address
/// and its token (shown as dots). Accepted only with an address it can use.
class PaintOnDialog : public QDialog {
    Q_OBJECT
public:
    /// `address` and `token` fill the fields even when this computer is chosen.
    PaintOnDialog(const std::optional<PaintServer>& current, const QString& address, const QByteArray& token,
                  QWidget* parent = nullptr);

    /// nullopt: this computer.
    std::optional<PaintServer> choice() const;
    QString address() const;
    QByteArray token() const;

    void accept() override;

    /// "gpu-box:8080" as http://gpu-box:8080; empty when it names no server.
    static QUrl serverUrl(const QString& text);

private:
    QRadioButton* mThisComputer;
    QRadioButton* mServer;
    QLineEdit* mAddress;
    QLineEdit* mToken;
    QLabel* mProblem;
};

} // namespace brushwork::studio
