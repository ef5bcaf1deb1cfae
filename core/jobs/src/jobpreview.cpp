// SPDX-License-Identifier: GPL-3.0-or-later
#include "jobpreview.h"

#include "brushwork/image.h"


#include <algorithm>

namespace brushwork {

std::string previewPng(const cv::Mat& rgb, int longSide)
{
    const cv::Mat small = std::max(rgb.cols, rgb.rows) > longSide ? resizeToLongSide(rgb, longSide) : rgb;
    const std::vector<unsigned char> bytes = pngBytes(small);
    return std::string(bytes.begin(), bytes.end());
}

} // namespace brushwork
