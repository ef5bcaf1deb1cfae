// SPDX-License-Identifier: GPL-3.0-or-later
#include "jobpreview.h"

#include "brushwork/image.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace brushwork {

std::string previewPng(const cv::Mat& rgb, int longSide)
{
    const cv::Mat small = std::max(rgb.cols, rgb.rows) > longSide ? resizeToLongSide(rgb, longSide) : rgb;
    cv::Mat bgr;
    cv::cvtColor(small, bgr, cv::COLOR_RGB2BGR);
    bgr.convertTo(bgr, CV_8UC3, 255.0);
    std::vector<unsigned char> bytes;
    cv::imencode(".png", bgr, bytes);
    return std::string(bytes.begin(), bytes.end());
}

} // namespace brushwork
