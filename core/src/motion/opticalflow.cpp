// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/opticalflow.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

#include <algorithm>

namespace brushwork {
namespace {

/// frameMotion follows larger frames at half size.
constexpr int kFullSizeFlowSide = 384;

cv::Mat grey8(const cv::Mat& rgb)
{
    cv::Mat grey;
    cv::cvtColor(rgb, grey, cv::COLOR_RGB2GRAY);
    grey.convertTo(grey, CV_8U, 255.0);
    return grey;
}

/// The sampling maps of `flow`: p + flow(p).
void flowMaps(const cv::Mat& flow, cv::Mat& mapX, cv::Mat& mapY)
{
    mapX.create(flow.size(), CV_32F);
    mapY.create(flow.size(), CV_32F);
    for (int y = 0; y < flow.rows; ++y) {
        const cv::Vec2f* f = flow.ptr<cv::Vec2f>(y);
        float* mx = mapX.ptr<float>(y);
        float* my = mapY.ptr<float>(y);
        for (int x = 0; x < flow.cols; ++x) {
            mx[x] = float(x) + f[x][0];
            my[x] = float(y) + f[x][1];
        }
    }
}

} // namespace

cv::Mat opticalFlow(const cv::Mat& to, const cv::Mat& from)
{
    CV_Assert(to.size() == from.size() && to.type() == CV_32FC3 && from.type() == CV_32FC3);
    // MEDIUM: the fast preset's coarse patches smear the flow across the
    // edges of moving things, which the consistency check then drops.
    const cv::Ptr<cv::DISOpticalFlow> dis = cv::DISOpticalFlow::create(cv::DISOpticalFlow::PRESET_MEDIUM);
    cv::Mat flow;
    dis->calc(grey8(to), grey8(from), flow);
    return flow;
}

cv::Mat warpAlongFlow(const cv::Mat& picture, const cv::Mat& flow)
{
    CV_Assert(picture.size() == flow.size() && flow.type() == CV_32FC2);
    cv::Mat mapX, mapY, warped;
    flowMaps(flow, mapX, mapY);
    cv::remap(picture, warped, mapX, mapY, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    return warped;
}

cv::Mat reliableFlowMask(const cv::Mat& backward, const cv::Mat& forward)
{
    CV_Assert(backward.size() == forward.size() && backward.type() == CV_32FC2 && forward.type() == CV_32FC2);
    // The forward flow where each pixel's backward flow lands.
    const cv::Mat forwardThere = warpAlongFlow(forward, backward);
    cv::Mat dxx, dxy, dyx, dyy;
    std::vector<cv::Mat> parts;
    cv::split(backward, parts);
    cv::Sobel(parts[0], dxx, CV_32F, 1, 0, 1);
    cv::Sobel(parts[0], dxy, CV_32F, 0, 1, 1);
    cv::Sobel(parts[1], dyx, CV_32F, 1, 0, 1);
    cv::Sobel(parts[1], dyy, CV_32F, 0, 1, 1);
    cv::Mat mask(backward.size(), CV_32F);
    for (int y = 0; y < mask.rows; ++y) {
        const cv::Vec2f* b = backward.ptr<cv::Vec2f>(y);
        const cv::Vec2f* f = forwardThere.ptr<cv::Vec2f>(y);
        float* m = mask.ptr<float>(y);
        for (int x = 0; x < mask.cols; ++x) {
            const float bb = b[x].dot(b[x]);
            const float ff = f[x].dot(f[x]);
            const cv::Vec2f roundTrip = b[x] + f[x];
            // Ruder et al.'s thresholds (artistic-videos, consistencyChecker).
            const bool comesHome = roundTrip.dot(roundTrip) <= 0.01f * (bb + ff) + 0.5f;
            const float gradient = dxx.at<float>(y, x) * dxx.at<float>(y, x) + dxy.at<float>(y, x) * dxy.at<float>(y, x) +
                                   dyx.at<float>(y, x) * dyx.at<float>(y, x) + dyy.at<float>(y, x) * dyy.at<float>(y, x);
            const bool boundary = gradient > 0.01f * bb + 0.002f;
            // A pixel that came in from outside the frame is new, whatever the
            // flow at the edge says: warping would only smear the edge into it.
            const float fromX = float(x) + b[x][0];
            const float fromY = float(y) + b[x][1];
            const bool inside = fromX >= 0 && fromY >= 0 && fromX <= float(mask.cols - 1) && fromY <= float(mask.rows - 1);
            m[x] = comesHome && !boundary && inside ? 1.0f : 0.0f;
        }
    }
    return mask;
}

double warpingError(const cv::Mat& current, const cv::Mat& previousWarped, const cv::Mat& mask)
{
    CV_Assert(current.size() == previousWarped.size() && current.size() == mask.size() && mask.type() == CV_32F);
    cv::Mat difference;
    cv::subtract(current, previousWarped, difference, cv::noArray(), CV_32F);
    difference = difference.mul(difference);
    double total = 0;
    double count = 0;
    for (int y = 0; y < mask.rows; ++y) {
        const float* m = mask.ptr<float>(y);
        const float* d = difference.ptr<float>(y);
        for (int x = 0; x < mask.cols; ++x) {
            if (m[x] <= 0.5f)
                continue;
            for (int c = 0; c < difference.channels(); ++c)
                total += d[x * difference.channels() + c];
            count += difference.channels();
        }
    }
    return count > 0 ? total / count : 0.0;
}

FrameMotion frameMotion(const cv::Mat& previous, const cv::Mat& next)
{
    FrameMotion motion;
    if (std::max(next.cols, next.rows) <= kFullSizeFlowSide) {
        motion.flow = opticalFlow(next, previous);
        motion.mask = reliableFlowMask(motion.flow, opticalFlow(previous, next));
        return motion;
    }
    // Followed at half size: DIS costs by the pixel, and strokes a few
    // pixels wide move with the flow of their neighbourhood.
    cv::Mat smallPrevious, smallNext;
    cv::resize(previous, smallPrevious, cv::Size(), 0.5, 0.5, cv::INTER_AREA);
    cv::resize(next, smallNext, cv::Size(), 0.5, 0.5, cv::INTER_AREA);
    const cv::Mat smallFlow = opticalFlow(smallNext, smallPrevious);
    const cv::Mat smallMask = reliableFlowMask(smallFlow, opticalFlow(smallPrevious, smallNext));
    cv::resize(smallFlow, motion.flow, next.size(), 0, 0, cv::INTER_LINEAR);
    const double scaleX = double(next.cols) / smallFlow.cols;
    const double scaleY = double(next.rows) / smallFlow.rows;
    cv::multiply(motion.flow, cv::Scalar(scaleX, scaleY), motion.flow);
    cv::resize(smallMask, motion.mask, next.size(), 0, 0, cv::INTER_NEAREST);
    return motion;
}

} // namespace brushwork
