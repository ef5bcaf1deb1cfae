// SPDX-License-Identifier: GPL-3.0-or-later
// The main window's panels on the right, each a controller's view.
#include "window/mainwindow.h"

#include "session/studiosession.h"
#include "widgets/previewview.h"
#include "widgets/stylenetworkpanel.h"
#include "window/regioncontroller.h"
#include "window/stylenetworkcontroller.h"

#include <QDockWidget>
#include <QLabel>
#include <QMenu>

namespace brushwork::studio {

void MainWindow::makeDocks()
{
    const auto dock = [this](const QString& title, const char* name, QWidget* panel) {
        auto* dock = new QDockWidget(title, this);
        dock->setObjectName(name);
        dock->setWidget(panel);
        dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
        addDockWidget(Qt::RightDockWidgetArea, dock);
        mViewMenu->addAction(dock->toggleViewAction());
    };
    mStyleNetworks = new StyleNetworkController(*mSession, *mRunner, mAddNetwork, mRefine, this);
    mViewMenu->addSeparator();
    dock(tr("Style Networks"), "styleNetworks", mStyleNetworks->panel());
    mRegions = new RegionController(*mSession, *mPreview, this);
    connect(mRegions, &RegionController::status, mStatus, &QLabel::setText);
    dock(tr("Regions"), "regions", mRegions->panel());
    mViewMenu->addActions({mRegions->showRegions(), mRegions->tiledView()});
    mEditMenu->addActions({mRegions->undo(), mRegions->redo()});
}

} // namespace brushwork::studio
