// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <opencv2/core.hpp>

#include <cstddef>

namespace brushwork::studio {

/// What an edit changed in a region's mask, kept small enough for many
/// undo steps: only the rectangle around the changed pixels, before and
/// after, losslessly compressed (a stroke's rectangle is mostly 0 and 1).
class MaskChange {
public:
    MaskChange() = default;
    /// `before` and `after`: single-channel masks of one size and type.
    MaskChange(const cv::Mat& before, const cv::Mat& after);

    /// `now` (the mask after the edit) as it was before it: a new mask,
    /// `now` is left alone (a run may be reading it).
    cv::Mat undo(const cv::Mat& now) const;
    /// `now` (the mask before the edit) as the edit left it: a new mask.
    cv::Mat redo(const cv::Mat& now) const;
    /// No pixel changed.
    bool empty() const { return mRect.empty(); }
    /// The memory it holds.
    std::size_t bytes() const { return sizeof(*this) + std::size_t(mBefore.size() + mAfter.size()); }

private:
    cv::Mat paste(const cv::Mat& now, const QByteArray& patch) const;

    cv::Rect mRect;
    int mType = 0;
    QByteArray mBefore; ///< the rectangle before the edit, compressed
    QByteArray mAfter;  ///< and after
};

} // namespace brushwork::studio
