// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "session/regionhistory.h"
#include "widgets/regionpanel.h"

#include "brushwork/tasks/taskrunner.h"

#include <QObject>
#include <QPointF>
#include <QTimer>
#include <opencv2/core.hpp>

class QAction;

namespace brushwork::studio {

class PreviewView;
class StudioSession;

/// Painting regions on the picture: the panel's tools turn strokes on the
/// preview into the session's region masks, and the preview shows them as
/// colour over the picture (Show Regions, R) and the picture tiled 3×3
/// (Tiled View). A stroke reaches the session, and so a run in progress, a
/// few times a second while it is drawn (kLiveEvery) and whole when it
/// ends; "select similar" grows the stroke with GrabCut off the GUI thread.
/// Every edit of a region goes through its history (Edit > Undo, Redo).
class RegionController : public QObject {
    Q_OBJECT
public:
    /// How often a stroke being drawn is handed to the session.
    static constexpr int kLiveEvery = 200; // ms

    RegionController(StudioSession& session, PreviewView& preview, QObject* parent = nullptr);

    RegionPanel* panel() const { return mPanel; }
    QAction* showRegions() const { return mShowRegions; }
    QAction* tiledView() const { return mTiledView; }
    RegionHistory& history() { return mHistory; }
    /// Edit > Undo and Redo, named after the step they undo or redo.
    QAction* undo() const { return mUndo; }
    QAction* redo() const { return mRedo; }

Q_SIGNALS:
    /// A "select similar" stroke was grown and is in the region.
    void selected();
    void status(const QString& text);

private:
    void begin(QPointF at);
    void extend(QPointF from, QPointF to);
    void end();
    /// The stroke drawn so far into the session's region.
    void commit();
    void showOverlay();
    void followTool();

    StudioSession& mSession;
    PreviewView& mPreview;
    RegionHistory mHistory; ///< before the panel: it edits through it
    RegionPanel* mPanel;
    QAction* mShowRegions;
    QAction* mTiledView;
    QAction* mUndo;
    QAction* mRedo;
    QTimer mLive;
    int mRegion = -1;   ///< the region being stroked; -1: none
    int mStrokeNumber = 0; ///< the stroke's number in the history
    cv::Mat mBefore;    ///< its mask as the stroke last left it in the session
    cv::Mat mWorking;   ///< its mask with the stroke so far
    cv::Mat mStroke;    ///< select similar: the stroke alone
    TaskRunner mSelecting;
};

} // namespace brushwork::studio
