// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "brushwork/params.h"

#include <QObject>
#include <QString>
#include <QUndoStack>
#include <opencv2/core.hpp>

#include <cstddef>
#include <functional>
#include <vector>

namespace brushwork::studio {

class StudioSession;

/// Edit > Undo and Redo for the session's regions. Each edit is one step: a
/// whole stroke (however often it reached the session while it was drawn),
/// a fill, a "select similar", a region added or removed, its painting or
/// its strength (a run of strength changes is one step). A stroke that makes
/// its own region (there was none to paint in) is one step with it. Steps go through
/// the session as every edit does, so a run in progress follows an undo as
/// it follows a stroke. A step keeps only the rectangle its edit changed,
/// compressed (MaskChange), but for the latest, which shares its masks with
/// the session; the history is at most kSteps long.
///
/// Steps name regions by their place and paintings by their number, so
/// anything else that changes the regions (a new photo, a project opened,
/// paintings removed or moved) starts the history afresh.
class RegionHistory : public QObject {
    Q_OBJECT
public:
    static constexpr int kSteps = 100;

    explicit RegionHistory(StudioSession& session, QObject* parent = nullptr);
    ~RegionHistory() override;

    QUndoStack& stack() { return mStack; }

    /// A new empty region for painting `painting` (or Region::kKeepPhoto);
    /// returns its index. `forEdit`: made for the stroke, fill or select
    /// similar about to be drawn in it, which is then part of the same step.
    int addRegion(int painting, bool forEdit = false);
    /// Out-of-range indices change nothing, here and below.
    void removeRegion(int index);
    /// Region `index` becomes `region` (a fill, a select similar, another
    /// painting or strength): a step named `text`.
    void setRegion(int index, const brushwork::Region& region, const QString& text);
    /// A number for a stroke about to be drawn.
    int newStroke() { return ++mStrokes; }
    /// Region `index`'s mask as stroke `stroke` (a number from newStroke)
    /// has painted it so far: the session, and a run, have it at once, and
    /// all of one stroke is one step named `text`.
    void paint(int index, const cv::Mat& mask, int stroke, const QString& text);

    /// The memory the steps hold (the latest's masks counted whole, though
    /// the session shares them).
    std::size_t bytes() const;

private:
    class Step;
    class RegionEdit;
    class ListEdit;

    /// Writes the session's regions; their news is then no news to the history.
    void write(const std::function<void()>& edit);
    void followPaintings();

    StudioSession& mSession;
    QUndoStack mStack;
    bool mWriting = false;
    int mStrokes = 0;
    /// The paintings' pixels as last seen: paintings added after them keep the history.
    std::vector<const uchar*> mPaintings;
};

} // namespace brushwork::studio
