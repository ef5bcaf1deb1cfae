// SPDX-License-Identifier: GPL-3.0-or-later
#include "optimize/temporalloss.h"

#include "brushwork/error.h"
#include "networks/tensorimage.h"

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace brushwork {

StyleObjective::ExtraTerm temporalTerm(const TemporalTarget& target, const Canvas& canvas, cv::Size size,
                                       const torch::Device& device)
{
    cv::Mat picture = target.picture, mask = target.mask;
    if (picture.size() != size) {
        cv::resize(picture, picture, size, 0, 0, cv::INTER_AREA);
        cv::resize(mask, mask, size, 0, 0, cv::INTER_AREA);
    }
    cv::Mat mask3;
    cv::merge(std::vector<cv::Mat>{mask, mask, mask}, mask3);
    const torch::Tensor goal = matToTensor(picture).to(device);
    const torch::Tensor weights = matToTensor(mask3).to(device) * double(target.weight);
    return [canvas, goal, weights](const torch::Tensor& image) {
        const torch::Tensor difference = canvas.crop(image) - goal;
        return (weights * difference * difference).mean();
    };
}

void validateTemporal(const TemporalTarget& target, const cv::Mat& content)
{
    if (target.picture.type() != CV_32FC3 || target.picture.size() != content.size() || target.mask.type() != CV_32F ||
        target.mask.size() != content.size())
        throw Error(ErrorKind::Usage, {}, "the previous frame and its mask must have the frame's size");
    if (!(std::isfinite(target.weight) && target.weight >= 0))
        throw Error(ErrorKind::Usage, {}, "the temporal weight must be a finite number of at least 0");
}

} // namespace brushwork
