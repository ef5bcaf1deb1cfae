// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pictureloader.h"

#include "brushwork/progress.h"
#include "brushwork/project.h"
#include "brushwork/schedule.h"

#include <QAction>
#include <QElapsedTimer>
#include <QImage>
#include <QMainWindow>
#include <opencv2/core.hpp>

class Autosaver;
class ContentDropZone;
class FastStyler;
class LossChart;
class ParameterPanel;
class PreviewView;
class QLabel;
class QMenu;
class StyleGallery;
class StyleList;
class StyleRunner;
class WeightsBanner;

/// The studio: photo and paintings on the left, the picture in the middle,
/// steering and progress around it. Talks to the engine only through
/// StyleRunner and never waits for it.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Loads `path` as the photo now; on failure shows why and keeps what was loaded.
    bool loadContent(const QString& path);
    /// First file the photo (when there is none yet), the others paintings;
    /// decoded in the background.
    void openFiles(const QStringList& paths);
    /// Pictures still being decoded.
    int picturesLoading() const;

    void start();
    /// Starts as soon as the pictures being opened are loaded.
    void startWhenReady();
    void togglePause();
    void stop();
    void continuePainting();
    void reset();
    /// PNG, JPEG, TIFF or WebP by extension; `sixteenBit` for PNG and TIFF.
    /// The print's DPI is written into the file. Shows failures; returns success.
    bool exportTo(const QString& path, bool sixteenBit = false);
    /// Writes the minting folder (picture, metadata, checksums, recipe) in
    /// the background; mintingFinished reports the outcome.
    void exportForMinting(const QString& folder, const QString& name);
    /// The project that reproduces the current picture.
    brushwork::Project currentRecipe() const;

    /// Opens a project: photo, paintings, settings and picture. A damaged
    /// project or a missing picture is shown and changes nothing.
    bool openProject(const QString& path);
    /// Saves a project (with its picture beside it); `embedPictures` also
    /// keeps copies of the photo and paintings, for moving it elsewhere.
    bool saveProjectTo(const QString& path, bool embedPictures = false);
    /// Checks the style network in `path` and adds it to the gallery; a file
    /// that is not one, or whose licence does not allow it, is explained in a
    /// message box and changes nothing. Returns success.
    bool addFastStyle(const QString& path);
    /// Paints the photo with the instant style in `networkPath` in the
    /// background; the result becomes the current picture.
    void applyFastStyle(const QString& networkPath);
    /// Paints on from the instant style's picture with the feature network,
    /// towards the paintings; says plainly what is missing if it cannot.
    void refineFastStyle();

    /// The autosave of a session that did not end normally.
    bool hasRecovery() const;
    bool restoreRecovery();
    void discardRecovery();
    Autosaver* autosaver() const { return mAutosaver; }

Q_SIGNALS:
    void mintingFinished(bool ok);

public:

    /// Tests close the window without the "stop painting?" question.
    void setAskBeforeClosing(bool ask) { mAskBeforeClosing = ask; }

    StyleRunner* runner() const { return mRunner; }
    PreviewView* preview() const { return mPreview; }
    StyleList* styleList() const { return mStyles; }
    StyleGallery* gallery() const { return mGallery; }
    FastStyler* fastStyler() const { return mFastStyler; }
    ParameterPanel* parameters() const { return mParameters; }
    LossChart* lossChart() const { return mChart; }
    QString notice() const;
    int lastIteration() const { return mLast.iteration; }

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    QWidget* makeSidePanel();
    QWidget* makeCentre();
    void makeGallery();
    void makeActions();
    void updateActions();
    void showNotice(const QString& text);
    void onPicturesLoaded(PictureLoader::Role role, const std::vector<PictureLoader::Picture>& pictures);
    void setContent(const QString& path, const cv::Mat& image);
    void addStyle(const QString& path, const cv::Mat& image);
    void onProgress(const brushwork::Progress& progress);
    void onFinished(const QImage& result, bool cancelled);
    void runJob(bool fromCurrent);
    void rememberRecent(const QString& path);
    void rebuildRecentMenu();
    void chooseContent();
    void chooseStyles();
    void paste();
    void exportDialog();
    void exportForMintingDialog();
    void saveProjectDialog(bool embedPictures);
    void openProjectDialog();
    void addFastStyleDialog();
    void onFastStylePainted(const QImage& picture, const QString& styleName);
    /// The current picture is about to be replaced: an instant style still
    /// being painted must not come over it.
    void forgetFastStyle();
    void offerRecovery();
    void steer();
    QString weightsPath() const;
    QString lastFolder() const;
    void setLastFolder(const QString& file);

    StyleRunner* mRunner;
    FastStyler* mFastStyler;
    Autosaver* mAutosaver;
    PictureLoader* mLoader;
    PreviewView* mPreview;
    ContentDropZone* mContentZone;
    StyleList* mStyles;
    StyleGallery* mGallery = nullptr;
    ParameterPanel* mParameters;
    LossChart* mChart;
    WeightsBanner* mBanner;
    QLabel* mNotice;
    QLabel* mStatus;
    QLabel* mDevice;
    QMenu* mRecentMenu = nullptr;
    QAction* mStart = nullptr;
    QAction* mPause = nullptr;
    QAction* mStop = nullptr;
    QAction* mContinue = nullptr;
    QAction* mReset = nullptr;
    QAction* mExport = nullptr;
    QAction* mMint = nullptr;
    QAction* mCompare = nullptr;
    QAction* mAddFastStyle = nullptr;
    QAction* mRefine = nullptr;
    QMenu* mViewMenu = nullptr;

    cv::Mat mContent;
    QString mContentPath;
    QImage mResult;
    QString mFastStyleName;   ///< the instant style mResult was painted with; empty when not one
    QElapsedTimer mFastClock; ///< since the click on an instant style
    brushwork::Progress mLast;
    std::vector<brushwork::ScaleStep> mPlan; ///< of the run in progress, for the ETA
    bool mAskBeforeClosing = true;
    bool mMinting = false;
    bool mStartWhenReady = false;
};
