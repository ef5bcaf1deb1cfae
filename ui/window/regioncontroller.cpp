// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/regioncontroller.h"

#include "session/studiosession.h"
#include "support/regionmasks.h"
#include "support/selectsimilar.h"
#include "widgets/previewview.h"

#include <QAction>

#include <algorithm>

namespace brushwork::studio {
namespace {

/// The overlay's long side at most: it is stretched over the picture and
/// made again at every step of a stroke.
constexpr int kOverlaySide = 768;

QSize overlaySize(cv::Size mask)
{
    const double scale = std::min(1.0, double(kOverlaySide) / std::max({mask.width, mask.height, 1}));
    return {std::max(1, int(mask.width * scale)), std::max(1, int(mask.height * scale))};
}

} // namespace

RegionController::RegionController(StudioSession& session, PreviewView& preview, QObject* parent)
    : QObject(parent)
    , mSession(session)
    , mPreview(preview)
    , mHistory(session)
    , mPanel(new RegionPanel(session, mHistory))
    , mShowRegions(new QAction(tr("Show &Regions"), this))
    , mTiledView(new QAction(tr("&Tiled View"), this))
    , mUndo(mHistory.stack().createUndoAction(this, tr("&Undo")))
    , mRedo(mHistory.stack().createRedoAction(this, tr("&Redo")))
    , mSelecting(this)
{
    setObjectName("regionEditing");
    mShowRegions->setCheckable(true);
    mShowRegions->setChecked(true);
    mShowRegions->setShortcut(QKeySequence(tr("R")));
    mShowRegions->setToolTip(tr("Show the regions over the picture (R)"));
    mTiledView->setCheckable(true);
    mTiledView->setShortcut(QKeySequence(tr("Ctrl+T")));
    mTiledView->setToolTip(tr("The picture 3×3 times side by side, to check its seams (Ctrl+T)"));
    mPanel->addViewActions({mShowRegions, mTiledView});
    mUndo->setShortcuts(QKeySequence::Undo);
    mRedo->setShortcuts(QKeySequence::Redo);
    mLive.setSingleShot(true);
    mLive.setInterval(kLiveEvery);
    connect(&mLive, &QTimer::timeout, this, &RegionController::commit);

    connect(mShowRegions, &QAction::toggled, this, &RegionController::showOverlay);
    connect(mTiledView, &QAction::toggled, &mPreview, &PreviewView::setTiled);
    connect(mPanel, &RegionPanel::toolChanged, this, &RegionController::followTool);
    connect(mPanel, &RegionPanel::brushRadiusChanged, this, &RegionController::followTool);
    connect(&mPreview, &PreviewView::strokeStarted, this, &RegionController::begin);
    connect(&mPreview, &PreviewView::strokeMoved, this, &RegionController::extend);
    connect(&mPreview, &PreviewView::strokeEnded, this, &RegionController::end);
    connect(&mSession, &StudioSession::regionsChanged, this, [this] {
        // A region changed under a stroke (undone, removed, a new photo) ends it.
        if (mRegion >= int(mSession.regions().size()) ||
            (mRegion >= 0 && mSession.regions()[mRegion].mask.data != mBefore.data))
            mRegion = -1;
        showOverlay();
    });
}

void RegionController::followTool()
{
    const RegionPanel::Tool tool = mPanel->tool();
    const bool strokes = tool == RegionPanel::Tool::Brush || tool == RegionPanel::Tool::Eraser ||
                         tool == RegionPanel::Tool::SelectSimilar;
    // Fill only clicks: a small circle marks the spot.
    mPreview.setBrush(tool == RegionPanel::Tool::None ? 0.0 : strokes ? mPanel->brushRadius() : 0.005);
    if (tool != RegionPanel::Tool::None && !mShowRegions->isChecked())
        mShowRegions->setChecked(true);
}

void RegionController::begin(QPointF at)
{
    if (mSession.photo().empty() || mPanel->tool() == RegionPanel::Tool::None)
        return;
    if (mPanel->current() < 0 || mPanel->current() >= int(mSession.regions().size())) {
        const int painting = mSession.paintings().empty() ? brushwork::Region::kKeepPhoto : 0;
        mPanel->setCurrent(mHistory.addRegion(painting, true));
    }
    mRegion = mPanel->current();
    mBefore = mSession.regions()[mRegion].mask;
    switch (mPanel->tool()) {
    case RegionPanel::Tool::Fill: {
        brushwork::Region region = mSession.regions()[mRegion];
        region.mask = regionmasks::fill(mBefore, at);
        mRegion = -1;
        mHistory.setRegion(mPanel->current(), region, tr("Fill"));
        return;
    }
    case RegionPanel::Tool::SelectSimilar:
        mStroke = regionmasks::stroke(cv::Mat::zeros(mBefore.size(), CV_32FC1), at, at, mPanel->brushRadius(), 1.0f);
        mWorking = regionmasks::add(mBefore, mStroke);
        break;
    default:
        mStrokeNumber = mHistory.newStroke();
        mWorking = regionmasks::stroke(mBefore, at, at, mPanel->brushRadius(),
                                       mPanel->tool() == RegionPanel::Tool::Eraser ? 0.0f : 1.0f);
        mLive.start();
        break;
    }
    showOverlay();
}

void RegionController::extend(QPointF from, QPointF to)
{
    if (mRegion < 0)
        return;
    const double radius = mPanel->brushRadius();
    if (mPanel->tool() == RegionPanel::Tool::SelectSimilar) {
        mStroke = regionmasks::stroke(mStroke, from, to, radius, 1.0f);
        mWorking = regionmasks::stroke(mWorking, from, to, radius, 1.0f);
    } else {
        mWorking = regionmasks::stroke(mWorking, from, to, radius,
                                       mPanel->tool() == RegionPanel::Tool::Eraser ? 0.0f : 1.0f);
        if (!mLive.isActive())
            mLive.start();
    }
    showOverlay();
}

void RegionController::end()
{
    if (mRegion < 0)
        return;
    if (mPanel->tool() != RegionPanel::Tool::SelectSimilar) {
        mLive.stop();
        commit();
        mRegion = -1;
        return;
    }
    Q_EMIT status(tr("Finding the edges of what you stroked…"));
    const int region = std::exchange(mRegion, -1);
    const cv::Mat photo = mSession.photo();
    const cv::Mat stroke = mStroke;
    const cv::Mat before = mBefore;
    mSelecting.run([photo, stroke] { return selectSimilar(photo, stroke); },
                   [this, region, before](const TaskResult<cv::Mat>& result) {
                       // The region must still be the one stroked, as it was.
                       if (!result.ok() || region >= int(mSession.regions().size()) ||
                           mSession.regions()[region].mask.data != before.data) {
                           showOverlay();
                           return;
                       }
                       brushwork::Region grown = mSession.regions()[region];
                       grown.mask = regionmasks::add(before, result.value);
                       mHistory.setRegion(region, grown, tr("Select Similar"));
                       Q_EMIT status(tr("The region grew to the edges of what you stroked."));
                       Q_EMIT selected();
                   });
}

void RegionController::commit()
{
    if (mRegion < 0 || mRegion >= int(mSession.regions().size()))
        return;
    const int index = mRegion;
    mRegion = -1; // the session's news is about this stroke: it goes on
    mHistory.paint(index, mWorking, mStrokeNumber,
                   mPanel->tool() == RegionPanel::Tool::Eraser ? tr("Eraser Stroke") : tr("Brush Stroke"));
    mRegion = index;
    mBefore = mWorking;
}

void RegionController::showOverlay()
{
    if (!mShowRegions->isChecked() || mSession.regions().empty()) {
        mPreview.setOverlay({});
        return;
    }
    std::vector<brushwork::Region> shown = mSession.regions();
    if (mRegion >= 0 && mRegion < int(shown.size()))
        shown[mRegion].mask = mWorking;
    mPreview.setOverlay(regionmasks::overlay(shown, overlaySize(shown.front().mask.size())));
}

} // namespace brushwork::studio
