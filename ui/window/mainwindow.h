// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>

class QAction;
class QLabel;
class QMenu;

namespace brushwork::studio {

class Autosaver;
class CollectionController;
class ContentDropZone;
class ExportController;
class StyleNetworkController;
class LossChart;
class NoticeBar;
class ParameterPanel;
class PreviewView;
class PictureController;
class ProjectController;
class RecentFilesMenu;
class RegionController;
class RunController;
class StudioSession;
class StyleList;
class StyleRunner;
class VideoController;
class WeightsBanner;

/// The studio: photo and paintings on the left, the picture in the middle,
/// steering and progress around it, style networks on the right. Keeps the
/// layout, the menus and the run; projects, exports and style networks have
/// controllers of their own. Talks to the engine only through StyleRunner
/// and never waits for it.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// First file the photo (when there is none yet), the others paintings;
    /// decoded in the background.
    void openFiles(const QStringList& paths);
    /// Opens a .brushwork project in the background.
    void openProject(const QString& path);

    /// Starts as soon as the pictures being opened are loaded.
    void startWhenReady();

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    QWidget* makeSidePanel();
    QWidget* makeCentre();
    /// The panels on the right: style networks and regions.
    void makeDocks();
    void makeActions();
    void updateActions();
    void connectControllers();
    void showNotice(const QString& text);
    void showPicture();
    void onNoticeLink(const QString& link);
    void onPhotoChanged();
    /// Asked before closing while a picture is being painted.
    void askToStopAndClose();

    StyleRunner* mRunner;
    Autosaver* mAutosaver;
    StudioSession* mSession; ///< before the widgets: they show it
    PreviewView* mPreview;
    ContentDropZone* mContentZone;
    StyleList* mStyles;
    ParameterPanel* mParameters;
    LossChart* mChart;
    WeightsBanner* mBanner;
    NoticeBar* mNotice;
    QLabel* mStatus;
    QLabel* mDevice;
    PictureController* mPictures;
    ProjectController* mProjects;
    ExportController* mExports;
    RunController* mRun;
    VideoController* mVideo; ///< clips opened in place of a photo
    StyleNetworkController* mStyleNetworks = nullptr;
    RegionController* mRegions = nullptr;
    RecentFilesMenu* mRecentMenu = nullptr;
    QMenu* mEditMenu = nullptr; ///< Undo and Redo, of the regions' edits
    QMenu* mViewMenu = nullptr;
    QAction* mStart = nullptr;
    QAction* mPause = nullptr;
    QAction* mStop = nullptr;
    QAction* mContinue = nullptr;
    QAction* mReset = nullptr;
    QAction* mExport = nullptr;
    QAction* mMint = nullptr;
    QAction* mAddToCollection = nullptr;
    CollectionController* mCollections = nullptr;
    QAction* mCompare = nullptr;
    QAction* mAddNetwork = nullptr;
    QAction* mRefine = nullptr;

    bool mStartWhenReady = false;
    bool mCloseConfirmed = false;
};

} // namespace brushwork::studio
