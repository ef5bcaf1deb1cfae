// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "autosaver.h"
#include "contentdropzone.h"
#include "errortext.h"
#include "faststyler.h"
#include "filedrop.h"
#include "losschart.h"
#include "matimage.h"
#include "parameterpanel.h"
#include "previewview.h"
#include "printsizepicker.h"
#include "stylelist.h"
#include "stylerunner.h"
#include "weightsbanner.h"

#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/modelfiles.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDragEnterEvent>
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
#include <QToolBar>
#include <QVBoxLayout>

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , mRunner(new StyleRunner(this))
    , mFastStyler(new FastStyler(this))
    , mAutosaver(new Autosaver(Autosaver::defaultFolder(), this))
    , mLoader(new PictureLoader(this))
    , mPreview(new PreviewView)
    , mContentZone(new ContentDropZone)
    , mStyles(new StyleList)
    , mParameters(new ParameterPanel)
    , mChart(new LossChart)
    , mBanner(new WeightsBanner)
    , mNotice(new QLabel)
    , mStatus(new QLabel)
    , mDevice(new QLabel)
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
    makeGallery();
    statusBar()->addWidget(mStatus, 1);
    statusBar()->addPermanentWidget(mDevice);
    mStatus->setText(tr("Drop a photo and a painting, then press Start."));

    connect(mContentZone, &ContentDropZone::filesDropped, this,
            [this](const QStringList& paths) { mLoader->load(paths, PictureLoader::Role::Photo); });
    connect(mContentZone, &ContentDropZone::clicked, this, &MainWindow::chooseContent);
    connect(mStyles, &StyleList::filesDropped, this,
            [this](const QStringList& paths) { mLoader->load(paths, PictureLoader::Role::Paintings); });
    connect(mLoader, &PictureLoader::loaded, this, &MainWindow::onPicturesLoaded);
    connect(mStyles, &StyleList::stylesChanged, this, &MainWindow::updateActions);
    connect(mStyles, &StyleList::blendsChanged, this, &MainWindow::steer);
    connect(mParameters, &ParameterPanel::weightsChanged, this, &MainWindow::steer);
    connect(mBanner, &WeightsBanner::installed, this, &MainWindow::updateActions);

    connect(mRunner, &StyleRunner::engineReady, this, [this](const QString& device) { mDevice->setText(device); });
    connect(mRunner, &StyleRunner::frameReady, this, [this](const QImage& frame) {
        mResult = frame;
        mPreview->setPicture(frame);
        mAutosaver->update(frame, mLast, false);
    });
    connect(mRunner, &StyleRunner::scaleFinished, this,
            [this](const QImage& picture, const brushwork::Progress& progress) {
                mAutosaver->update(picture, progress, true);
            });
    connect(mAutosaver, &Autosaver::failed, this, [this](const QString& message) {
        showNotice(tr("Your work could not be saved in the background: %1").arg(message));
    });
    connect(mNotice, &QLabel::linkActivated, this, [this](const QString& link) {
        if (link == "restore")
            restoreRecovery();
        else if (link == "discard")
            discardRecovery();
        else if (link == "add-painting")
            chooseStyles();
    });
    connect(mRunner, &StyleRunner::progressed, this, &MainWindow::onProgress);
    connect(mRunner, &StyleRunner::finished, this, &MainWindow::onFinished);
    connect(mRunner, &StyleRunner::failed, this, [this](const QString& message) {
        showNotice(message);
        updateActions();
    });

    QSettings settings;
    if (!restoreGeometry(settings.value("window/geometry").toByteArray()))
        resize(QSize(1400, 900).boundedTo(screen()->availableGeometry().size() * 0.9));
    settings.beginGroup("parameters");
    mParameters->restore(settings);
    settings.endGroup();
    rebuildRecentMenu();
    updateActions();
    offerRecovery();
}

MainWindow::~MainWindow() = default;

QWidget* MainWindow::makeSidePanel()
{
    auto* panel = new QWidget;
    auto* layout = new QVBoxLayout(panel);
    auto heading = [](const QString& text) {
        auto* label = new QLabel(text);
        QFont font = label->font();
        font.setBold(true);
        label->setFont(font);
        return label;
    };
    layout->addWidget(heading(tr("Photo")));
    layout->addWidget(mContentZone);
    auto* stylesHeader = new QHBoxLayout;
    stylesHeader->addWidget(heading(tr("Paintings")), 1);
    auto* addButton = new QPushButton(tr("Add…"));
    addButton->setToolTip(tr("Add a painting to take the style from"));
    connect(addButton, &QPushButton::clicked, this, &MainWindow::chooseStyles);
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
    auto* toolbar = new QToolBar;
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addActions({mStart, mPause, mStop, mContinue, mReset});
    toolbar->addSeparator();
    toolbar->addAction(mCompare);
    toolbar->addSeparator();
    toolbar->addAction(mExport);

    mNotice->setWordWrap(true);
    mNotice->setVisible(false);
    mNotice->setForegroundRole(QPalette::ToolTipText);
    mNotice->setBackgroundRole(QPalette::ToolTipBase);
    mNotice->setAutoFillBackground(true);
    mNotice->setMargin(8);
    mPreview->setPlaceholder(tr("Drop a photo and one or more paintings here,\nthen press Start."));

    auto* vertical = new QSplitter(Qt::Vertical);
    vertical->addWidget(mPreview);
    vertical->addWidget(mChart);
    vertical->setStretchFactor(0, 1);
    vertical->setSizes({700, 160});

    auto* centre = new QWidget;
    auto* layout = new QVBoxLayout(centre);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(toolbar);
    layout->addWidget(mBanner);
    layout->addWidget(mNotice);
    layout->addWidget(vertical, 1);
    return centre;
}

void MainWindow::showNotice(const QString& text)
{
    mNotice->setTextFormat(text.contains("<a href") ? Qt::RichText : Qt::PlainText);
    mNotice->setText(text);
    mNotice->setVisible(!text.isEmpty());
    if (!text.isEmpty())
        mStatus->setText(text.section('\n', 0, 0));
}

QString MainWindow::notice() const
{
    return mNotice->isHidden() ? QString() : mNotice->text();
}

bool MainWindow::loadContent(const QString& path)
{
    try {
        setContent(path, brushwork::loadImage(path.toStdString()));
        return true;
    } catch (const brushwork::Error& error) {
        showNotice(errortext::describe(error));
        return false;
    }
}

void MainWindow::setContent(const QString& path, const cv::Mat& image)
{
    mContent = image;
    mContentPath = path;
    mParameters->printPicker()->setContentSize(QSize(image.cols, image.rows));
    const QImage picture = matimage::toQImage(image);
    mContentZone->setPicture(picture, QFileInfo(path).fileName());
    mPreview->setBefore(picture);
    if (!mRunner->isRunning()) {
        forgetFastStyle();
        mResult = QImage();
        mPreview->setPicture(picture);
    }
    rememberRecent(path);
    setLastFolder(path);
    updateActions();
}

void MainWindow::addStyle(const QString& path, const cv::Mat& image)
{
    mStyles->addStyle(path, image);
    rememberRecent(path);
    setLastFolder(path);
}

void MainWindow::openFiles(const QStringList& paths)
{
    mLoader->load(paths, PictureLoader::Role::Auto);
}

int MainWindow::picturesLoading() const
{
    return mLoader->pending();
}

void MainWindow::onPicturesLoaded(PictureLoader::Role role, const std::vector<PictureLoader::Picture>& pictures)
{
    QString problems;
    bool first = true;
    for (const PictureLoader::Picture& picture : pictures) {
        if (picture.image.empty()) {
            problems += (problems.isEmpty() ? "" : "\n") + picture.error;
            continue;
        }
        const bool asPhoto = role == PictureLoader::Role::Photo ? first
                             : role == PictureLoader::Role::Auto ? mContent.empty()
                                                                 : false;
        if (asPhoto)
            setContent(picture.path, picture.image);
        else
            addStyle(picture.path, picture.image);
        first = false;
    }
    showNotice(problems);
    if (mStartWhenReady && mLoader->pending() == 0) {
        mStartWhenReady = false;
        start();
    }
}

void MainWindow::startWhenReady()
{
    if (mLoader->pending() == 0)
        start();
    else
        mStartWhenReady = true;
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    acceptFileDrag(event);
}

void MainWindow::dropEvent(QDropEvent* event)
{
    openFiles(takeFileDrop(event));
}

QString MainWindow::weightsPath() const
{
    if (const auto vgg = brushwork::installedWeights(brushwork::NetworkKind::Vgg19))
        return QString::fromStdString(*vgg);
    if (const auto light = brushwork::installedWeights(brushwork::NetworkKind::SqueezeNet))
        return QString::fromStdString(*light);
    return {};
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (mRunner->isRunning() && mAskBeforeClosing &&
        QMessageBox::question(this, tr("Stop painting?"),
                              tr("A picture is still being painted. Stop it and close Brushwork?"),
                              QMessageBox::Yes | QMessageBox::No, QMessageBox::No) != QMessageBox::Yes) {
        event->ignore();
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
