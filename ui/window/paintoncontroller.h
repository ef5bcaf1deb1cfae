// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QLabel;
class QMenu;
class QWidget;

namespace brushwork::studio {

class StyleRunner;

/// Paint ▸ Paint On…: where the runs paint, this computer or a Brushwork
/// server, remembered between sessions. The token is kept in the studio's
/// settings file, which is then readable by its owner only.
class PaintOnController : public QObject {
    Q_OBJECT
public:
    /// Adds its action to `menu` and tells `runner` what was chosen last
    /// time; `device` (the status line's) says where the next run paints
    /// until a run says on what device.
    PaintOnController(StyleRunner& runner, QMenu* menu, QLabel* device, QWidget* window);

    /// Opens the dialog (window-modal); the choice applies from the next Start.
    void choose();

private:
    void show();

    StyleRunner& mRunner;
    QLabel* mDevice;
    QWidget* mWindow;
};

} // namespace brushwork::studio
