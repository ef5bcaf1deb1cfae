// SPDX-License-Identifier: GPL-3.0-or-later
// Instant styles in the studio: the gallery dock, painting the photo with a
// style network in one pass, and refining that picture with the engine.
#include "mainwindow.h"

#include "errortext.h"
#include "faststyler.h"
#include "losschart.h"
#include "previewview.h"
#include "stylegallery.h"
#include "stylelist.h"
#include "stylerunner.h"

#include "brushwork/error.h"
#include "brushwork/faststylelibrary.h"

#include <QApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>

void MainWindow::makeGallery()
{
    mGallery = new StyleGallery(mAddFastStyle, mRefine);
    auto* dock = new QDockWidget(tr("Instant Styles"), this);
    dock->setObjectName("instantStyles");
    dock->setWidget(mGallery);
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    mViewMenu->addSeparator();
    mViewMenu->addAction(dock->toggleViewAction());

    connect(mGallery, &StyleGallery::styleChosen, this, &MainWindow::applyFastStyle);
    connect(mFastStyler, &FastStyler::listed, mGallery, &StyleGallery::setStyles);
    connect(mFastStyler, &FastStyler::thumbnailReady, mGallery, &StyleGallery::setThumbnail);
    connect(mFastStyler, &FastStyler::painted, this, &MainWindow::onFastStylePainted);
    connect(mFastStyler, &FastStyler::failed, this, [this](const QString& message) {
        mGallery->clearChoice();
        showNotice(message);
    });
    mFastStyler->refresh();
}

void MainWindow::addFastStyleDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Add a Style Network"), lastFolder(),
                                                      tr("Style networks (*.safetensors)"));
    if (!path.isEmpty())
        addFastStyle(path);
}

bool MainWindow::addFastStyle(const QString& path)
{
    QString problem;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    try {
        brushwork::importFastStyle(path.toStdString());
    } catch (const brushwork::Error& error) {
        problem = errortext::describe(error);
    }
    QApplication::restoreOverrideCursor();
    if (!problem.isEmpty()) {
        QMessageBox::warning(this, tr("Style network not added"), problem);
        return false;
    }
    setLastFolder(path);
    mFastStyler->refresh();
    mStatus->setText(tr("Added %1 to the instant styles.").arg(QFileInfo(path).completeBaseName()));
    return true;
}

void MainWindow::applyFastStyle(const QString& networkPath)
{
    if (mContent.empty()) {
        mGallery->clearChoice();
        showNotice(tr("Open a photo first: an instant style paints your photo."));
        return;
    }
    if (mRunner->isRunning()) {
        mGallery->clearChoice();
        showNotice(tr("A picture is being painted. Stop it first (Esc) to try an instant style: "
                      "it replaces the picture."));
        return;
    }
    if (!mFastStyler->paint(networkPath, mContent))
        return;
    mFastClock.start();
    showNotice({});
    mStatus->setText(tr("Painting the photo in this style…"));
}

void MainWindow::onFastStylePainted(const QImage& picture, const QString& styleName)
{
    mResult = picture;
    mFastStyleName = styleName;
    mPreview->setPicture(picture);
    mChart->clear();
    mStatus->setText(tr("Painted as %1 in %2 s. Refine paints on from it towards your paintings.")
                         .arg(StyleGallery::displayName(styleName))
                         .arg(mFastClock.elapsed() / 1000.0, 0, 'f', 2));
    updateActions();
}

void MainWindow::refineFastStyle()
{
    if (mResult.isNull() || mRunner->isRunning())
        return;
    if (weightsPath().isEmpty()) {
        showNotice(tr("Refining needs the feature network Brushwork sees paintings with (VGG19 or SqueezeNet). "
                      "Install it with “Use a weights file…” above, then refine again."));
        return;
    }
    if (mStyles->styles().empty()) {
        showNotice(tr("Refining paints on towards the style of a painting, and there is none yet. "
                      "<a href='add-painting'>Add a painting…</a>"));
        return;
    }
    runJob(true);
}

void MainWindow::forgetFastStyle()
{
    mFastStyler->discard();
    mFastStyleName.clear();
    mGallery->clearChoice();
}
