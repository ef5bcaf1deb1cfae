// SPDX-License-Identifier: GPL-3.0-or-later
// A picture with a mirrored margin around it, for networks that see their
// input's edge pixels less often than the others.
#pragma once

#include <torch/torch.h>

#include <algorithm>

namespace brushwork {

class Canvas {
public:
    Canvas(int margin, int width, int height)
        : mMargin(std::max(0, std::min({margin, width - 1, height - 1})))
        , mWidth(width)
        , mHeight(height)
    {
    }

    int margin() const { return mMargin; }

    torch::Tensor extend(const torch::Tensor& picture) const
    {
        return mMargin == 0 ? picture : torch::reflection_pad2d(picture, {mMargin, mMargin, mMargin, mMargin});
    }

    torch::Tensor crop(const torch::Tensor& canvas) const
    {
        return canvas.narrow(2, mMargin, mHeight).narrow(3, mMargin, mWidth);
    }

private:
    int mMargin;
    int mWidth;
    int mHeight;
};

} // namespace brushwork
