// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

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
class RegionController : public QObject {
    Q_OBJECT
public:
    /// How often a stroke being drawn is handed to the session.
    static constexpr int kLiveEvery = 200; // ms

    RegionController(StudioSession& session, PreviewView& preview, QObject* parent = nullptr);

    RegionPanel* panel() const { return mPanel; }
    QAction* showRegions() const { return mShowRegions; }
    QAction* tiledView() const { return mTiledView; }

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
    RegionPanel* mPanel;
    QAction* mShowRegions;
    QAction* mTiledView;
    QTimer mLive;
    int mRegion = -1;   ///< the region being stroked; -1: none
    cv::Mat mBefore;    ///< its mask when the stroke began
    cv::Mat mWorking;   ///< its mask with the stroke so far
    cv::Mat mStroke;    ///< select similar: the stroke alone
    TaskRunner mSelecting;
};

} // namespace brushwork::studio
