// SPDX-License-Identifier: GPL-3.0-or-later
// MainWindow's menus, shortcuts and painting controls.
#include "mainwindow.h"

#include "autosaver.h"
#include "errortext.h"
#include "filedrop.h"
#include "losschart.h"
#include "matimage.h"
#include "parameterpanel.h"
#include "previewview.h"
#include "progresstext.h"
#include "stylelist.h"
#include "stylerunner.h"
#include "weightsbanner.h"

#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/modelfiles.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMimeData>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>

namespace {
constexpr int kRecentCount = 8;
const char* const kImageFilter = QT_TRANSLATE_NOOP(
    "MainWindow", "Pictures (*.png *.jpg *.jpeg *.tif *.tiff *.webp *.bmp *.PNG *.JPG *.JPEG *.TIF *.TIFF)");
} // namespace

void MainWindow::makeActions()
{
    auto action = [this](QMenu* menu, const QString& text, QStyle::StandardPixmap icon, const QKeySequence& key,
                         auto slot) {
        QAction* a = menu->addAction(style()->standardIcon(icon), text);
        a->setShortcut(key);
        a->setToolTip(QStringLiteral("%1 (%2)").arg(QString(text).remove('&').remove(QStringLiteral("…")),
                                                    key.toString(QKeySequence::NativeText)));
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    QMenu* file = menuBar()->addMenu(tr("&File"));
    action(file, tr("&Open Photo…"), QStyle::SP_DialogOpenButton, QKeySequence::Open, &MainWindow::chooseContent);
    action(file, tr("&Add Painting…"), QStyle::SP_FileDialogNewFolder, QKeySequence(tr("Ctrl+Shift+O")),
           &MainWindow::chooseStyles);
    action(file, tr("&Paste Picture"), QStyle::SP_FileIcon, QKeySequence::Paste, &MainWindow::paste);
    file->addSeparator();
    action(file, tr("Open Pro&ject…"), QStyle::SP_DirOpenIcon, QKeySequence(tr("Ctrl+Shift+J")),
           &MainWindow::openProjectDialog);
    action(file, tr("&Save Project…"), QStyle::SP_DialogSaveButton, QKeySequence::Save,
           [this] { saveProjectDialog(false); });
    action(file, tr("Save Project &with Copies of the Pictures…"), QStyle::SP_DialogSaveButton, QKeySequence(),
           [this] { saveProjectDialog(true); });
    mRecentMenu = file->addMenu(tr("Open &Recent"));
    file->addSeparator();
    mExport = action(file, tr("&Export…"), QStyle::SP_DialogSaveButton, QKeySequence(tr("Ctrl+E")),
                     &MainWindow::exportDialog);
    mMint = action(file, tr("Export for &Minting…"), QStyle::SP_DirIcon, QKeySequence(tr("Ctrl+Shift+E")),
                   &MainWindow::exportForMintingDialog);
    file->addSeparator();
    action(file, tr("&Download VGG19…"), QStyle::SP_ArrowDown, QKeySequence(), [this] { mBanner->download(); });
    action(file, tr("Use a &Weights File…"), QStyle::SP_DriveHDIcon, QKeySequence(), [this] { mBanner->chooseFile(); });
    mAddFastStyle = action(file, tr("Add &Style Network…"), QStyle::SP_FileDialogNewFolder, QKeySequence(),
                           &MainWindow::addFastStyleDialog);
    mAddFastStyle->setToolTip(tr("Add an instant style: a network that paints in one style in a single pass"));
    file->addSeparator();
    action(file, tr("&Quit"), QStyle::SP_DialogCloseButton, QKeySequence::Quit, &MainWindow::close);

    QMenu* paint = menuBar()->addMenu(tr("&Paint"));
    mStart = action(paint, tr("&Start"), QStyle::SP_MediaPlay, QKeySequence(tr("Ctrl+Return")), &MainWindow::start);
    mPause = action(paint, tr("&Pause"), QStyle::SP_MediaPause, QKeySequence(Qt::Key_Space), &MainWindow::togglePause);
    mStop = action(paint, tr("S&top"), QStyle::SP_MediaStop, QKeySequence(Qt::Key_Escape), &MainWindow::stop);
    mContinue = action(paint, tr("&Continue"), QStyle::SP_MediaSeekForward, QKeySequence(tr("Ctrl+Shift+Return")),
                       &MainWindow::continuePainting);
    mReset = action(paint, tr("&Reset"), QStyle::SP_BrowserReload, QKeySequence(tr("Ctrl+R")), &MainWindow::reset);
    mRefine = action(paint, tr("Refine with &VGG19"), QStyle::SP_MediaSeekForward, QKeySequence(),
                     &MainWindow::refineFastStyle);
    mRefine->setToolTip(tr("Paint on from the instant style's picture towards your paintings' style"));

    QMenu* view = mViewMenu = menuBar()->addMenu(tr("&View"));
    action(view, tr("&Fit to Window"), QStyle::SP_TitleBarMaxButton, QKeySequence(tr("Ctrl+0")),
           [this] { mPreview->fitToWindow(); });
    action(view, tr("&Actual Size"), QStyle::SP_TitleBarNormalButton, QKeySequence(tr("Ctrl+1")),
           [this] { mPreview->showActualSize(); });
    mCompare = action(view, tr("&Compare with Photo"), QStyle::SP_FileDialogContentsView, QKeySequence(tr("Ctrl+B")),
                      [this](bool on) { mPreview->setSplit(on); });
    mCompare->setCheckable(true);
}

void MainWindow::updateActions()
{
    const bool running = mRunner->isRunning();
    const bool hasWeights = !weightsPath().isEmpty();
    const bool ready = hasWeights && !mContent.empty() && !mStyles->styles().empty();
    mBanner->setVisible(!hasWeights);
    mStart->setEnabled(ready && !running);
    mPause->setEnabled(running);
    mStop->setEnabled(running);
    mContinue->setEnabled(ready && !running && !mResult.isNull());
    mReset->setEnabled(!mResult.isNull() || running);
    mRefine->setEnabled(!running && !mFastStyleName.isEmpty());
    const bool onlySqueezeNet = !brushwork::installedWeights(brushwork::NetworkKind::Vgg19) &&
                                brushwork::installedWeights(brushwork::NetworkKind::SqueezeNet);
    mRefine->setText(onlySqueezeNet ? tr("Refine with &SqueezeNet") : tr("Refine with &VGG19"));
    mExport->setEnabled(!mResult.isNull());
    mMint->setEnabled(!mResult.isNull() && !mMinting);
    const bool paused = mRunner->isPaused();
    mPause->setText(paused ? tr("&Resume") : tr("&Pause"));
    mPause->setIcon(style()->standardIcon(paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
}

void MainWindow::start()
{
    runJob(false);
}

void MainWindow::continuePainting()
{
    runJob(true);
}

void MainWindow::runJob(bool fromCurrent)
{
    if (mContent.empty() || mStyles->styles().empty() || weightsPath().isEmpty() || mRunner->isRunning())
        return;
    brushwork::StyleJob job;
    job.content = mContent;
    for (const StyleList::Style& style : mStyles->styles())
        job.styles.push_back({style.image, QFileInfo(style.path).completeBaseName().toStdString()});
    job.params = mParameters->params();
    job.params.weights.styleBlend = mStyles->blends();
    if (fromCurrent && !mResult.isNull()) {
        // Refining: at the final size only, starting from the current picture.
        job.params.init = brushwork::InitKind::Image;
        job.params.initImage = matimage::toMat(mResult);
        job.params.multiScale = false;
        job.params.iterations = std::max(1, job.params.iterations / 2);
    }
    mPlan = job.params.multiScale ? brushwork::planScales(job.params.size, job.params.iterations, job.params.firstScaleSide)
                                  : std::vector<brushwork::ScaleStep>{{job.params.size, job.params.iterations}};
    forgetFastStyle();
    mChart->clear();
    showNotice({});
    mStatus->setText(tr("Loading the network…"));
    mRunner->start(weightsPath(), job);
    std::vector<cv::Mat> styleImages;
    for (const StyleList::Style& style : mStyles->styles())
        styleImages.push_back(style.image);
    mAutosaver->begin(currentRecipe(), mContent, styleImages);
    updateActions();
}

void MainWindow::togglePause()
{
    if (!mRunner->isRunning())
        return;
    mRunner->setPaused(!mRunner->isPaused());
    if (mRunner->isPaused())
        mStatus->setText(tr("Paused at iteration %1 — press Space to go on.").arg(mLast.iteration));
    updateActions();
}

void MainWindow::stop()
{
    mRunner->stop();
}

void MainWindow::reset()
{
    mRunner->discard();
    forgetFastStyle();
    mResult = QImage();
    mChart->clear();
    mPreview->setPicture(mContent.empty() ? QImage() : matimage::toQImage(mContent));
    mStatus->setText(tr("Back to the photo."));
    updateActions();
}

void MainWindow::steer()
{
    brushwork::LossWeights weights = mParameters->weights();
    weights.styleBlend = mStyles->blends();
    mRunner->steer(weights);
}

void MainWindow::onProgress(const brushwork::Progress& progress)
{
    mLast = progress;
    mChart->add(progress);
    if (!mRunner->isPaused())
        mStatus->setText(progresstext::describe(progress, mPlan));
}

void MainWindow::onFinished(const QImage& result, bool cancelled)
{
    mResult = result;
    mPreview->setPicture(result);
    mAutosaver->update(result, mLast, true);
    mStatus->setText((cancelled ? tr("Stopped after %1 iterations in %2. Continue refines it further.")
                                : tr("Finished: %1 iterations in %2."))
                         .arg(mLast.iteration)
                         .arg(progresstext::duration(mLast.elapsedSeconds)));
    updateActions();
}

void MainWindow::chooseContent()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Photo"), lastFolder(), tr(kImageFilter));
    mLoader->load(path.isEmpty() ? QStringList() : QStringList{path}, PictureLoader::Role::Photo);
}

void MainWindow::chooseStyles()
{
    mLoader->load(QFileDialog::getOpenFileNames(this, tr("Add Paintings"), lastFolder(), tr(kImageFilter)),
                  PictureLoader::Role::Paintings);
}

void MainWindow::paste()
{
    const QMimeData* mime = QApplication::clipboard()->mimeData();
    const QStringList files = droppedFiles(mime);
    if (!files.isEmpty()) {
        openFiles(files);
        return;
    }
    if (!mime || !mime->hasImage()) {
        showNotice(tr("The clipboard holds no picture."));
        return;
    }
    // Saved to a file so that it can be reopened like any other picture.
    const QDir folder(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/pasted");
    folder.mkpath(".");
    const QString path = folder.filePath(QStringLiteral("pasted-%1.png").arg(QDateTime::currentMSecsSinceEpoch()));
    qvariant_cast<QImage>(mime->imageData()).save(path);
    openFiles({path});
}

void MainWindow::rememberRecent(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value("recent").toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    settings.setValue("recent", recent.mid(0, kRecentCount));
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    mRecentMenu->clear();
    const QStringList recent = QSettings().value("recent").toStringList();
    for (const QString& path : recent)
        mRecentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] { openFiles({path}); });
    mRecentMenu->setEnabled(!recent.isEmpty());
}

QString MainWindow::lastFolder() const
{
    return QSettings().value("lastFolder", QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)).toString();
}

void MainWindow::setLastFolder(const QString& file)
{
    QSettings().setValue("lastFolder", QFileInfo(file).absolutePath());
}
