// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/regionhistory.h"

#include "session/maskchange.h"
#include "session/studiosession.h"

#include <QScopedValueRollback>

#include <algorithm>

namespace brushwork::studio {

/// Every step has one id, so that the stack offers each new step to the
/// latest: a stroke still being drawn grows, and a step that is not merged
/// into is made small (compact) once it is no longer the latest.
class RegionHistory::Step : public QUndoCommand {
public:
    Step(RegionHistory& history, const QString& text)
        : QUndoCommand(text)
        , mHistory(history)
    {
    }
    int id() const override { return 24; } // issue 24: regions
    virtual std::size_t bytes() const = 0;

protected:
    RegionHistory& mHistory;
};

/// One region changed: its mask, painting or strength.
class RegionHistory::RegionEdit : public Step {
public:
    /// `stroke`: the stroke it is part of; 0 for none.
    RegionEdit(RegionHistory& history, int index, const brushwork::Region& before, const brushwork::Region& after,
               int stroke, const QString& text)
        : Step(history, text)
        , mIndex(index)
        , mStroke(stroke)
        , mBefore(before)
        , mAfter(after)
    {
    }

    void redo() override { apply(mAfter, false); }

    void undo() override
    {
        compact(); // an undone stroke is over
        apply(mBefore, true);
    }

    int index() const { return mIndex; }
    int stroke() const { return mStroke; }
    const brushwork::Region& after() const { return mAfter; }

    bool mergeWith(const QUndoCommand* other) override
    {
        const auto* edit = dynamic_cast<const RegionEdit*>(other);
        if (edit && edit->mIndex == mIndex) {
            if (!mCompact && mStroke != 0 && edit->mStroke == mStroke) {
                mAfter = edit->mAfter;
                return true;
            }
            if (onlyStrength() && edit->onlyStrength()) {
                mAfter.strength = edit->mAfter.strength;
                return true;
            }
        }
        compact();
        return false;
    }

    std::size_t bytes() const override
    {
        return sizeof(*this) + (mCompact ? mChange.bytes()
                                         : mBefore.mask.total() * mBefore.mask.elemSize() +
                                               mAfter.mask.total() * mAfter.mask.elemSize());
    }

private:
    bool onlyStrength() const
    {
        return mStroke == 0 && mBefore.painting == mAfter.painting && sameMask();
    }
    bool sameMask() const { return mCompact ? mChange.empty() : mBefore.mask.data == mAfter.mask.data; }

    void compact()
    {
        if (mCompact)
            return;
        if (!sameMask())
            mChange = MaskChange(mBefore.mask, mAfter.mask);
        mBefore.mask.release();
        mAfter.mask.release();
        mCompact = true;
    }

    void apply(const brushwork::Region& target, bool undoing)
    {
        if (mIndex >= int(mHistory.mSession.regions().size()))
            return; // cannot be: other edits of the regions start the history afresh
        brushwork::Region region = mHistory.mSession.regions()[mIndex];
        region.painting = target.painting;
        region.strength = target.strength;
        if (!mCompact)
            region.mask = target.mask;
        else if (!mChange.empty())
            region.mask = undoing ? mChange.undo(region.mask) : mChange.redo(region.mask);
        mHistory.write([&] { mHistory.mSession.setRegion(mIndex, region); });
    }

    int mIndex;
    int mStroke;
    brushwork::Region mBefore; ///< masks whole until compact()
    brushwork::Region mAfter;
    MaskChange mChange;        ///< the masks once compact
    bool mCompact = false;
};

/// A region added, or removed; it is kept as its mask's change from nothing.
/// A region added for an edit (`withEdit`: the first stroke or fill of a
/// picture with no region to paint in) takes that edit in: one step, as the
/// user made one.
class RegionHistory::ListEdit : public Step {
public:
    ListEdit(RegionHistory& history, int index, const brushwork::Region& region, bool adds, bool withEdit,
             const QString& text)
        : Step(history, text)
        , mIndex(index)
        , mAdds(adds)
        , mOpen(adds && withEdit)
        , mPainting(region.painting)
        , mStrength(region.strength)
        , mSize(region.mask.size())
        , mType(region.mask.type())
        , mMask(cv::Mat::zeros(mSize, mType), region.mask)
    {
    }

    void redo() override { mAdds ? insert() : erase(); }

    void undo() override
    {
        close(); // an undone stroke is over
        mAdds ? erase() : insert();
    }

    bool mergeWith(const QUndoCommand* other) override
    {
        const auto* edit = dynamic_cast<const RegionEdit*>(other);
        const bool taken = mOpen && edit && edit->index() == mIndex &&
                           (mStroke < 0 || (mStroke != 0 && edit->stroke() == mStroke));
        if (!taken) {
            close();
            return false;
        }
        mPainting = edit->after().painting;
        mStrength = edit->after().strength;
        mPainted = edit->after().mask;
        mStroke = edit->stroke();
        setText(edit->text());
        if (mStroke == 0) // a fill or select similar is whole at once
            close();
        return true;
    }

    std::size_t bytes() const override
    {
        return sizeof(*this) + mMask.bytes() + mPainted.total() * mPainted.elemSize();
    }

private:
    /// The edit taken in is over: its mask is kept small, as a change.
    void close()
    {
        mOpen = false;
        if (!mPainted.empty()) {
            mMask = MaskChange(cv::Mat::zeros(mSize, mType), mPainted);
            mPainted.release();
        }
    }

    void insert()
    {
        std::vector<brushwork::Region> regions = mHistory.mSession.regions();
        brushwork::Region region;
        region.painting = mPainting;
        region.strength = mStrength;
        region.mask = mPainted.empty() ? mMask.redo(cv::Mat::zeros(mSize, mType)) : mPainted;
        regions.insert(regions.begin() + std::min<std::size_t>(mIndex, regions.size()), region);
        mHistory.write([&] { mHistory.mSession.setRegions(regions); });
    }

    void erase()
    {
        mHistory.write([&] { mHistory.mSession.removeRegion(mIndex); });
    }

    int mIndex;
    bool mAdds;
    bool mOpen;       ///< may still take in the edit it was added for
    int mStroke = -1; ///< the stroke taken in (0: a fill); -1 before any
    int mPainting;
    float mStrength;
    cv::Size mSize;
    int mType;
    MaskChange mMask;
    cv::Mat mPainted; ///< while the stroke taken in goes on: its mask whole, shared with the session
};

RegionHistory::RegionHistory(StudioSession& session, QObject* parent)
    : QObject(parent)
    , mSession(session)
{
    mStack.setUndoLimit(kSteps);
    connect(&mSession, &StudioSession::regionsChanged, this, [this] {
        if (!mWriting)
            mStack.clear();
    });
    connect(&mSession, &StudioSession::photoChanged, &mStack, &QUndoStack::clear);
    connect(&mSession, &StudioSession::paintingsChanged, this, &RegionHistory::followPaintings);
    followPaintings();
}

RegionHistory::~RegionHistory() = default;

int RegionHistory::addRegion(int painting, bool forEdit)
{
    brushwork::Region region;
    region.painting = painting;
    region.mask = cv::Mat(mSession.maskSize(), CV_32FC1, cv::Scalar(0));
    const int index = int(mSession.regions().size());
    mStack.push(new ListEdit(*this, index, region, true, forEdit, tr("Add Region")));
    return index;
}

void RegionHistory::removeRegion(int index)
{
    if (index < 0 || index >= int(mSession.regions().size()))
        return;
    mStack.push(new ListEdit(*this, index, mSession.regions()[index], false, false, tr("Remove Region")));
}

void RegionHistory::setRegion(int index, const brushwork::Region& region, const QString& text)
{
    if (index < 0 || index >= int(mSession.regions().size()))
        return;
    mStack.push(new RegionEdit(*this, index, mSession.regions()[index], region, 0, text));
}

void RegionHistory::paint(int index, const cv::Mat& mask, int stroke, const QString& text)
{
    if (index < 0 || index >= int(mSession.regions().size()))
        return;
    brushwork::Region painted = mSession.regions()[index];
    painted.mask = mask;
    mStack.push(new RegionEdit(*this, index, mSession.regions()[index], painted, stroke, text));
}

std::size_t RegionHistory::bytes() const
{
    std::size_t total = 0;
    for (int i = 0; i < mStack.count(); ++i)
        total += static_cast<const Step*>(mStack.command(i))->bytes();
    return total;
}

void RegionHistory::write(const std::function<void()>& edit)
{
    const QScopedValueRollback<bool> writing(mWriting, true);
    edit();
}

void RegionHistory::followPaintings()
{
    const std::vector<StudioSession::Painting>& paintings = mSession.paintings();
    const bool added = paintings.size() >= mPaintings.size() &&
                       std::equal(mPaintings.begin(), mPaintings.end(), paintings.begin(),
                                  [](const uchar* was, const StudioSession::Painting& is) { return was == is.image.data; });
    if (!added)
        mStack.clear();
    mPaintings.clear();
    for (const StudioSession::Painting& painting : paintings)
        mPaintings.push_back(painting.image.data);
}

} // namespace brushwork::studio
