// SPDX-License-Identifier: GPL-3.0-or-later
// Painting one frame of a clip, held near the previous painted frame where
// the motion can be trusted.
#pragma once

#include "brushwork/clippainting.h"
#include "brushwork/params.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace brushwork {

class FramePainter {
public:
    virtual ~FramePainter() = default;
    /// `frame` (CV_32FC3 RGB 0..1, at the painted size) painted; with
    /// `previous`, held near its picture where its mask is 1. Empty when
    /// `control` cancelled the frame before it was done. Throws Error.
    virtual cv::Mat paint(const cv::Mat& frame, const TemporalTarget* previous, RunControl& control) = 0;
};

/// The painter for `options.method`, with its networks loaded.
std::unique_ptr<FramePainter> makeFramePainter(const std::vector<StyleSource>& paintings, const ClipOptions& options,
                                               const std::function<void(const std::string&)>& notice);

} // namespace brushwork
