// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/mainwindow.h"

#include "background/autosaver.h"
#include "background/stylerunner.h"
#include "session/studiosession.h"
#include "support/filedrop.h"
#include "support/lastfolder.h"
#include "widgets/contentdropzone.h"
#include "widgets/stylenetworkpanel.h"
#include "widgets/losschart.h"
#include "widgets/noticebar.h"
#include "widgets/parameterpanel.h"
#include "widgets/previewview.h"
#include "widgets/recentfilesmenu.h"
#include "widgets/stylelist.h"
#include "widgets/weightsbanner.h"
#include "window/collectioncontroller.h"
#include "window/exportcontroller.h"
#include "window/paintoncontroller.h"
#include "window/stylenetworkcontroller.h"
#include "window/picturecontroller.h"
#include "window/projectcontroller.h"
#include "window/runcontroller.h"
#include "window/videocontroller.h"

#include "brushwork/modelfiles.h"

#include <QCloseEvent>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QVBoxLayout>

namespace brushwork::studio {
namespace {

/// A controller's notices go above the picture, its news to the status bar.
template <typename Controller, typename Notice>
void relayMessages(Controller* controller, QLabel* status, QObject* window, Notice notice)
{
    QObject::connect(controller, &Controller::notice, window, notice);
    QObject::connect(controller, &Controller::status, status, &QLabel::setText);
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , mRunner(new StyleRunner(this))
    , mAutosaver(new Autosaver(Autosaver::defaultFolder(), this))
    , mSession(new StudioSession(this))
    , mPreview(new PreviewView)
    , mContentZone(new ContentDropZone)
    , mStyles(new StyleList(*mSession))
    , mParameters(new ParameterPanel(*mSession))
    , mChart(new LossChart)
    , mBanner(new WeightsBanner)
    , mNotice(new NoticeBar)
    , mStatus(new QLabel)
    , mDevice(new QLabel)
    , mPictures(new PictureController(*mSession, this))
    , mProjects(new ProjectController(*mSession, *mAutosaver, this))
    , mExports(new ExportController(*mSession, this))
    , mRun(new RunController(*mSession, *mRunner, *mAutosaver, this))
    , mVideo(new VideoController(*mSession, *mPictures, this))
{
    setWindowTitle(tr("Brushwork"));
    setAcceptDrops(true);
    makeActions();
    auto* splitter = new QSplitter;
    splitter->addWidget(makeSidePanel());
    splitter->addWidget(makeCentre());
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({360, 900});
    setCentralWidget(splitter);
    makeDocks();
    statusBar()->addWidget(mStatus, 1);
    statusBar()->addPermanentWidget(mDevice);
    mStatus->setText(tr("Drop a photo and a painting, then press Start."));

    connect(mContentZone, &ContentDropZone::filesDropped, this,
            [this](const QStringList& paths) { mPictures->load(paths, PictureLoader::Role::Photo); });
    connect(mContentZone, &ContentDropZone::clicked, mPictures, &PictureController::choosePhoto);
    connect(mStyles, &StyleList::filesDropped, this,
            [this](const QStringList& paths) { mPictures->load(paths, PictureLoader::Role::Paintings); });
    connect(mSession, &StudioSession::paintingsChanged, this, &MainWindow::updateActions);
    connect(mSession, &StudioSession::settingsChanged, this, &MainWindow::updateActions); // Continue may print
    for (auto changed : {&StudioSession::paintingsChanged, &StudioSession::sharesChanged,
                         &StudioSession::regionsChanged, &StudioSession::settingsChanged})
        connect(mSession, changed, mStyleNetworks, &StyleNetworkController::previewAnyPainting);
    connect(mBanner, &WeightsBanner::installed, this, &MainWindow::updateActions);
    connect(mNotice, &QLabel::linkActivated, this, &MainWindow::onNoticeLink);
    connect(mSession, &StudioSession::pictureChanged, this, &MainWindow::showPicture);
    connect(mSession, &StudioSession::photoChanged, this, &MainWindow::onPhotoChanged);
    connect(mAutosaver, &Autosaver::failed, this, [this](const QString& message) {
        showNotice(tr("Your work could not be saved in the background: %1").arg(message));
    });
    connectControllers();

    QSettings settings;
    if (!restoreGeometry(settings.value("window/geometry").toByteArray()))
        resize(QSize(1400, 900).boundedTo(screen()->availableGeometry().size() * 0.9));
    settings.beginGroup("parameters");
    mParameters->restore(settings);
    settings.endGroup();
    updateActions();
    mProjects->offerRecovery();
}

MainWindow::~MainWindow() = default;
void MainWindow::connectControllers()
{
    const auto notice = [this](const QString& text) { showNotice(text); };
    relayMessages(mRun, mStatus, this, notice);
    relayMessages(mProjects, mStatus, this, notice);
    relayMessages(mExports, mStatus, this, notice);
    relayMessages(mVideo, mStatus, this, notice);
    relayMessages(mStyleNetworks, mStatus, this, notice);
    connect(mRunner, &StyleRunner::engineReady, mDevice, &QLabel::setText);
    connect(mRunner, &StyleRunner::progressed, mChart, &LossChart::add);
    connect(mRun, &RunController::changed, this, &MainWindow::updateActions);
    connect(mRun, &RunController::replacingPicture, this, [this] {
        mStyleNetworks->forget();
        mChart->clear();
    });
    connect(mPictures, &PictureController::notice, this, &MainWindow::showNotice);
    connect(mPictures, &PictureController::opened, mRecentMenu, &RecentFilesMenu::remember);
    connect(mPictures, &PictureController::allLoaded, this, [this] {
        if (std::exchange(mStartWhenReady, false))
            mRun->start(false);
    });
    mProjects->openClipsWith(*mVideo);
    connect(mProjects, &ProjectController::aboutToReplaceWork, this, [this] {
        mRunner->stop();
        mStyleNetworks->forget();
    });
    connect(mExports, &ExportController::mintingChanged, this, &MainWindow::updateActions);
    connect(mStyleNetworks, &StyleNetworkController::refineRequested, mRun, [this] { mRun->start(true); });
}

QWidget* MainWindow::makeSidePanel()
{
    auto* panel = new QWidget;
    auto* layout = new QVBoxLayout(panel);
    layout->addWidget(new QLabel(tr("<b>Photo</b>")));
    layout->addWidget(mContentZone);
    auto* stylesHeader = new QHBoxLayout;
    stylesHeader->addWidget(new QLabel(tr("<b>Paintings</b>")), 1);
    auto* addButton = new QPushButton(tr("Add…"));
    addButton->setToolTip(tr("Add a painting to take the style from"));
    connect(addButton, &QPushButton::clicked, mPictures, &PictureController::choosePaintings);
    stylesHeader->addWidget(addButton);
    layout->addLayout(stylesHeader);
    layout->addWidget(mStyles);
    layout->addWidget(mParameters);
    layout->addStretch();

    auto* scroll = new QScrollArea;
    scroll->setWidget(panel);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(340);
    return scroll;
}

QWidget* MainWindow::makeCentre()
{
    // Across the whole window, not above the picture alone: beside the panels
    // the picture's column is too narrow for every button at 1400 px.
    auto* toolbar = addToolBar(tr("Paint"));
    toolbar->setObjectName("paintToolbar");
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addActions({mStart, mPause, mStop, mContinue, mReset});
    toolbar->addSeparator();
    toolbar->addAction(mCompare);
    toolbar->addSeparator();
    toolbar->addAction(mExport);

    mPreview->setPlaceholder(tr("Drop a photo and one or more paintings here,\nthen press Start."));

    auto* vertical = new QSplitter(Qt::Vertical);
    vertical->addWidget(mVideo->withStrip(mPreview));
    vertical->addWidget(mChart);
    vertical->setStretchFactor(0, 1);
    vertical->setSizes({700, 160});

    auto* centre = new QWidget;
    auto* layout = new QVBoxLayout(centre);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(mBanner);
    layout->addWidget(mNotice);
    layout->addWidget(vertical, 1);
    return centre;
}

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
    action(file, tr("&Open Photo…"), QStyle::SP_DialogOpenButton, QKeySequence::Open, [this] { mPictures->choosePhoto(); });
    action(file, tr("&Add Painting…"), QStyle::SP_FileDialogNewFolder, QKeySequence(tr("Ctrl+Shift+O")),
           [this] { mPictures->choosePaintings(); });
    action(file, tr("&Paste Picture"), QStyle::SP_FileIcon, QKeySequence::Paste, [this] { mPictures->paste(); });
    file->addSeparator();
    action(file, tr("Open Pro&ject…"), QStyle::SP_DirOpenIcon, QKeySequence(tr("Ctrl+Shift+J")),
           [this] { mProjects->openDialog(); });
    action(file, tr("&Save Project…"), QStyle::SP_DialogSaveButton, QKeySequence::Save,
           [this] { mProjects->saveDialog(false); });
    action(file, tr("Save Project &with Copies of the Pictures…"), QStyle::SP_DialogSaveButton, QKeySequence(),
           [this] { mProjects->saveDialog(true); });
    mRecentMenu = new RecentFilesMenu(tr("Open &Recent"), file);
    file->addMenu(mRecentMenu);
    connect(mRecentMenu, &RecentFilesMenu::chosen, this, [this](const QString& path) { openFiles({path}); });
    file->addSeparator();
    mExport = action(file, tr("&Export…"), QStyle::SP_DialogSaveButton, QKeySequence(tr("Ctrl+E")),
                     [this] { if (!mVideo->exportDialog()) mExports->exportDialog(); });
    mMint = action(file, tr("Export for &Minting…"), QStyle::SP_DirIcon, QKeySequence(tr("Ctrl+Shift+E")),
                   [this] { mExports->mintDialog(); });
    mCollections = new CollectionController(*mSession, this);
    relayMessages(mCollections, mStatus, this, [this](const QString& text) { showNotice(text); });
    mAddToCollection = action(file, tr("Add to &Collection…"), QStyle::SP_FileDialogListView, QKeySequence(),
                              [this] { mCollections->addDialog(); });
    mAddToCollection->setToolTip(tr("Add the photo, paintings and settings to a collection plan"));
    file->addSeparator();
    action(file, tr("&Download VGG19…"), QStyle::SP_ArrowDown, QKeySequence(), [this] { mBanner->download(); });
    action(file, tr("Use a &Weights File…"), QStyle::SP_DriveHDIcon, QKeySequence(), [this] { mBanner->chooseFile(); });
    mAddNetwork = action(file, tr("Add &Style Network…"), QStyle::SP_FileDialogNewFolder, QKeySequence(),
                         [this] { mStyleNetworks->addNetworkDialog(); });
    mAddNetwork->setToolTip(tr("Add a style network: a network that paints in one style in a single pass"));
    file->addSeparator();
    action(file, tr("&Quit"), QStyle::SP_DialogCloseButton, QKeySequence::Quit, &MainWindow::close);

    mEditMenu = menuBar()->addMenu(tr("&Edit")); // filled with the docks' controllers

    QMenu* paint = menuBar()->addMenu(tr("&Paint"));
    mStart = action(paint, tr("&Start"), QStyle::SP_MediaPlay, QKeySequence(tr("Ctrl+Return")), [this] { mRun->start(false); });
    mPause = action(paint, tr("&Pause"), QStyle::SP_MediaPause, QKeySequence(Qt::Key_Space), [this] { mRun->togglePause(); });
    mStop = action(paint, tr("S&top"), QStyle::SP_MediaStop, QKeySequence(Qt::Key_Escape), [this] { mRun->stop(); });
    mContinue = action(paint, tr("&Continue"), QStyle::SP_MediaSeekForward, QKeySequence(tr("Ctrl+Shift+Return")),
                       [this] { mRun->start(true); });
    mReset = action(paint, tr("&Reset"), QStyle::SP_BrowserReload, QKeySequence(tr("Ctrl+R")), [this] { mRun->reset(); });
    mRefine = action(paint, tr("Refine with &VGG19"), QStyle::SP_MediaSeekForward, QKeySequence(),
                     [this] { mStyleNetworks->refine(); });
    mRefine->setToolTip(tr("Paint on from the style network's picture towards your paintings' style"));
    new PaintOnController(*mRunner, paint, mDevice, this);

    mViewMenu = menuBar()->addMenu(tr("&View"));
    action(mViewMenu, tr("&Fit to Window"), QStyle::SP_TitleBarMaxButton, QKeySequence(tr("Ctrl+0")),
           [this] { mPreview->fitToWindow(); });
    action(mViewMenu, tr("&Actual Size"), QStyle::SP_TitleBarNormalButton, QKeySequence(tr("Ctrl+1")),
           [this] { mPreview->showActualSize(); });
    mCompare = action(mViewMenu, tr("&Compare with Photo"), QStyle::SP_FileDialogContentsView,
                      QKeySequence(tr("Ctrl+B")), [this](bool on) { mPreview->setSplit(on); });
    mCompare->setCheckable(true);
}

void MainWindow::updateActions()
{
    const bool running = mRunner->isRunning();
    const bool hasWeights = !StudioSession::weightsPath().isEmpty();
    const bool ready = mSession->readyToPaint();
    const bool hasPicture = !mSession->picture().isNull();

    mStart->setEnabled(ready && !running);
    mPause->setEnabled(running);
    mStop->setEnabled(running);
    mContinue->setEnabled(ready && !running && hasPicture);
    mContinue->setText(mRun->continuesAsPrint() ? tr("Paint the &Print") : tr("&Continue"));
    mContinue->setToolTip(mRun->continuesAsPrint() ? tr("Enlarge the picture on screen to the print's size and "
                                                        "refine it: the print is the picture you approved")
                                                   : QString());
    mReset->setEnabled(hasPicture || running);
    mRefine->setEnabled(!running && mSession->instant().has_value());
    const auto weights = brushwork::defaultFeatureWeights();
    const bool onlySqueezeNet = weights && weights->kind == brushwork::NetworkKind::SqueezeNet;
    mBanner->showFor(!hasWeights      ? WeightsBanner::Need::Missing
                     : onlySqueezeNet ? WeightsBanner::Need::Offer
                                      : WeightsBanner::Need::None);
    mRefine->setText(onlySqueezeNet ? tr("Refine with &SqueezeNet") : tr("Refine with &VGG19"));
    mExport->setEnabled(hasPicture);
    mMint->setEnabled(hasPicture && !mExports->minting());
    mAddToCollection->setEnabled(mCollections->canAdd());
    const bool paused = mRunner->isPaused();
    mPause->setText(paused ? tr("&Resume") : tr("&Pause"));
    mPause->setIcon(style()->standardIcon(paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
}

void MainWindow::showNotice(const QString& text)
{
    mNotice->say(text);
    if (!text.isEmpty())
        mStatus->setText(text.section('\n', 0, 0));
}

void MainWindow::onNoticeLink(const QString& link)
{
    if (link == "restore")
        mProjects->restoreRecovery();
    else if (link == "discard")
        mProjects->discardRecovery();
    else if (link == "add-painting")
        mPictures->choosePaintings();
}

void MainWindow::showPicture()
{
    const QImage& picture = mSession->picture();
    mPreview->setPicture(picture.isNull() ? mSession->photoImage() : picture);
    if (mSession->instant())
        mChart->clear(); // the chart was of the run this picture replaced
    if (!mRunner->isRunning()) // a run's frames change nothing the actions depend on
        updateActions();
}

void MainWindow::onPhotoChanged()
{
    mContentZone->setPicture(mSession->photoImage(), QFileInfo(mSession->photoPath()).fileName());
    mPreview->setBefore(mSession->photoImage());
    if (mRunner->isRunning()) // the run goes on painting the photo it started with
        return;
    mStyleNetworks->forget();
    mSession->setPicture({});
    mStyleNetworks->previewAnyPainting();
}

void MainWindow::openFiles(const QStringList& paths) { mPictures->load(paths, PictureLoader::Role::Auto); }

void MainWindow::openProject(const QString& path) { mProjects->open(path); }

void MainWindow::startWhenReady()
{
    if (mPictures->pending() == 0)
        mRun->start(false);
    else
        mStartWhenReady = true;
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) { acceptFileDrag(event); }
void MainWindow::dropEvent(QDropEvent* event) { openFiles(takeFileDrop(event)); }

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (mRunner->isRunning() && !mCloseConfirmed) {
        event->ignore();
        askToStopAndClose();
        return;
    }
    mRunner->stop();
    mAutosaver->clear(); // a normal end: nothing to offer back next time
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.beginGroup("parameters");
    mParameters->save(settings);
    settings.endGroup();
    event->accept();
}

void MainWindow::askToStopAndClose()
{
    auto* question = new QMessageBox(QMessageBox::Question, tr("Stop painting?"),
                                     tr("A picture is still being painted. Stop it and close Brushwork?"),
                                     QMessageBox::Yes | QMessageBox::No, this);
    question->setObjectName("stopAndClose");
    question->setDefaultButton(QMessageBox::No);
    question->setAttribute(Qt::WA_DeleteOnClose);
    connect(question, &QMessageBox::buttonClicked, this, [this, question](QAbstractButton* button) {
        mCloseConfirmed = question->standardButton(button) == QMessageBox::Yes;
        if (mCloseConfirmed)
            close();
    });
    question->open();
}

} // namespace brushwork::studio
