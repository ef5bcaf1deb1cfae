// SPDX-License-Identifier: GPL-3.0-or-later
#include "networks/tensorimage.h"

#include "brushwork/error.h"

namespace brushwork {

torch::Tensor matToTensor(const cv::Mat& rgb)
{
    if (rgb.empty() || rgb.type() != CV_32FC3)
        throw Error(ErrorKind::Usage, {}, "the engine needs pictures as 3-channel float (CV_32FC3)");
    const cv::Mat continuous = rgb.isContinuous() ? rgb : rgb.clone();
    // from_blob borrows the Mat's pixels; permute().contiguous() copies them out.
    return torch::from_blob(continuous.data, {1, rgb.rows, rgb.cols, 3}, torch::kFloat32)
        .permute({0, 3, 1, 2})
        .contiguous();
}

cv::Mat tensorToMat(const torch::Tensor& image)
{
    const torch::Tensor hwc =
        image.detach().to(torch::kCPU, torch::kFloat32).clamp(0.0, 1.0).squeeze(0).permute({1, 2, 0}).contiguous();
    const cv::Mat view(int(hwc.size(0)), int(hwc.size(1)), CV_32FC3, hwc.data_ptr<float>());
    return view.clone();
}

} // namespace brushwork
