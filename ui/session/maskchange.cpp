// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/maskchange.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstring>

namespace brushwork::studio {
namespace {

QByteArray compressed(const cv::Mat& mask, cv::Rect rect)
{
    const cv::Mat crop = mask(rect).clone(); // continuous
    // zlib's default level: a stroke corner to corner of a 2048 px mask
    // keeps 30 KB at it, 117 KB at the fastest, for twice the time.
    return qCompress(crop.data, qsizetype(crop.total() * crop.elemSize()));
}

} // namespace

MaskChange::MaskChange(const cv::Mat& before, const cv::Mat& after)
    : mType(after.type())
{
    if (after.empty())
        return;
    cv::Mat changed;
    cv::compare(before, after, changed, cv::CMP_NE);
    mRect = cv::boundingRect(changed);
    if (mRect.empty())
        return;
    mBefore = compressed(before, mRect);
    mAfter = compressed(after, mRect);
}

cv::Mat MaskChange::undo(const cv::Mat& now) const
{
    return paste(now, mBefore);
}

cv::Mat MaskChange::redo(const cv::Mat& now) const
{
    return paste(now, mAfter);
}

cv::Mat MaskChange::paste(const cv::Mat& now, const QByteArray& patch) const
{
    cv::Mat mask = now.clone();
    if (mRect.empty())
        return mask;
    const QByteArray pixels = qUncompress(patch);
    cv::Mat crop(mRect.size(), mType);
    std::memcpy(crop.data, pixels.constData(), std::min<std::size_t>(pixels.size(), crop.total() * crop.elemSize()));
    crop.copyTo(mask(mRect));
    return mask;
}

} // namespace brushwork::studio
