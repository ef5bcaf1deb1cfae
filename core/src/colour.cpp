// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/colour.h"

namespace brushwork {
cv::Mat matchColourStatistics(const cv::Mat& style, const cv::Mat&) { return style.clone(); }
cv::Mat keepContentChroma(const cv::Mat& stylized, const cv::Mat&) { return stylized.clone(); }
} // namespace brushwork
