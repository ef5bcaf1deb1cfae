// SPDX-License-Identifier: GPL-3.0-or-later
#include "faststylereference.h"

#include <cmath>

namespace reference {
namespace {

using torch::indexing::None;
using torch::indexing::Slice;

torch::Tensor toTensor255(const cv::Mat& rgb)
{
    torch::Tensor x = torch::empty({1, 3, rgb.rows, rgb.cols});
    auto a = x.accessor<float, 4>();
    for (int y = 0; y < rgb.rows; ++y)
        for (int col = 0; col < rgb.cols; ++col)
            for (int c = 0; c < 3; ++c)
                a[0][c][y][col] = rgb.at<cv::Vec3f>(y, col)[c] * 255.0f;
    return x;
}

cv::Mat toMat(const torch::Tensor& x255)
{
    const torch::Tensor x = x255.clamp(0, 255).div(255).contiguous();
    auto a = x.accessor<float, 4>();
    cv::Mat rgb(int(x.size(2)), int(x.size(3)), CV_32FC3);
    for (int y = 0; y < rgb.rows; ++y)
        for (int col = 0; col < rgb.cols; ++col)
            for (int c = 0; c < 3; ++c)
                rgb.at<cv::Vec3f>(y, col)[c] = a[0][c][y][col];
    return rgb;
}

torch::Tensor instanceNorm(const torch::Tensor& x, const torch::Tensor& scale, const torch::Tensor& shift, double eps)
{
    const double count = double(x.size(2) * x.size(3));
    const torch::Tensor mean = x.sum({2, 3}, true) / count;
    const torch::Tensor centred = x - mean;
    const torch::Tensor variance = (centred * centred).sum({2, 3}, true) / count; // biased
    return centred / torch::sqrt(variance + eps) * scale.view({1, -1, 1, 1}) + shift.view({1, -1, 1, 1});
}

// --- engstrom-2016

torch::Tensor tfSamePad(const torch::Tensor& x, int kernel, int stride)
{
    std::int64_t pads[4]; // left, right, top, bottom
    for (int dim : {3, 2}) {
        const std::int64_t n = x.size(dim);
        const std::int64_t out = std::int64_t(std::ceil(double(n) / stride));
        const std::int64_t total = std::max<std::int64_t>((out - 1) * stride + kernel - n, 0);
        const int slot = dim == 3 ? 0 : 2;
        pads[slot] = total / 2;
        pads[slot + 1] = total - total / 2;
    }
    return torch::constant_pad_nd(x, {pads[0], pads[1], pads[2], pads[3]}, 0);
}

torch::Tensor convIn(const Weights& w, const std::string& layer, const torch::Tensor& x, int stride)
{
    const torch::Tensor& weight = w.at(layer + ".weight");
    const torch::Tensor y = torch::conv2d(tfSamePad(x, int(weight.size(2)), stride), weight, {}, stride);
    return instanceNorm(y, w.at(layer + ".in_scale"), w.at(layer + ".in_shift"), 1e-3);
}

/// Transposed convolution, stride 2, padding 1, output padding 1, as what it
/// is: zeros between the pixels, then an ordinary convolution with the kernel
/// flipped and its in/out channels swapped.
torch::Tensor transposedConv(const torch::Tensor& x, const torch::Tensor& weight)
{
    const std::int64_t h = x.size(2), wd = x.size(3);
    torch::Tensor spread = torch::zeros({1, x.size(1), 2 * h - 1, 2 * wd - 1});
    spread.index_put_({Slice(), Slice(), Slice(None, None, 2), Slice(None, None, 2)}, x);
    // k - 1 - padding = 1 before, plus the output padding of 1 after.
    spread = torch::constant_pad_nd(spread, {1, 2, 1, 2}, 0);
    return torch::conv2d(spread, weight.flip({2, 3}).transpose(0, 1));
}

// --- pytorch-examples

torch::Tensor reflect(const torch::Tensor& x, std::int64_t pad)
{
    auto indices = [&](std::int64_t n) {
        std::vector<std::int64_t> index;
        for (std::int64_t i = -pad; i < n + pad; ++i)
            index.push_back(i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i);
        return torch::tensor(index);
    };
    return x.index_select(2, indices(x.size(2))).index_select(3, indices(x.size(3)));
}

torch::Tensor convLayer(const Weights& w, const std::string& name, const torch::Tensor& x, int stride)
{
    const torch::Tensor& weight = w.at(name + ".conv2d.weight");
    return torch::conv2d(reflect(x, weight.size(2) / 2), weight, w.at(name + ".conv2d.bias"), stride);
}

torch::Tensor norm(const Weights& w, const std::string& name, const torch::Tensor& x)
{
    return instanceNorm(x, w.at(name + ".weight"), w.at(name + ".bias"), 1e-5);
}

torch::Tensor upsampleNearest(const torch::Tensor& x)
{
    return x.repeat_interleave(2, 2).repeat_interleave(2, 3);
}

} // namespace

cv::Mat engstrom(const Weights& w, const cv::Mat& rgb)
{
    torch::NoGradGuard noGrad;
    torch::Tensor x = toTensor255(rgb);
    x = torch::relu(convIn(w, "conv1", x, 1));
    x = torch::relu(convIn(w, "conv2", x, 2));
    x = torch::relu(convIn(w, "conv3", x, 2));
    for (int i = 1; i <= 5; ++i) {
        const std::string block = "res" + std::to_string(i);
        x = x + convIn(w, block + ".2", torch::relu(convIn(w, block + ".1", x, 1)), 1);
    }
    for (const std::string layer : {"deconv1", "deconv2"})
        x = torch::relu(instanceNorm(transposedConv(x, w.at(layer + ".weight")), w.at(layer + ".in_scale"),
                                     w.at(layer + ".in_shift"), 1e-3));
    x = convIn(w, "conv_out", x, 1);
    return toMat(torch::tanh(x) * 150 + 127.5);
}

cv::Mat pytorchExamples(const Weights& w, const cv::Mat& rgb)
{
    torch::NoGradGuard noGrad;
    torch::Tensor x = toTensor255(rgb);
    x = torch::relu(norm(w, "in1", convLayer(w, "conv1", x, 1)));
    x = torch::relu(norm(w, "in2", convLayer(w, "conv2", x, 2)));
    x = torch::relu(norm(w, "in3", convLayer(w, "conv3", x, 2)));
    for (int i = 1; i <= 5; ++i) {
        const std::string r = "res" + std::to_string(i);
        const torch::Tensor inner = torch::relu(norm(w, r + ".in1", convLayer(w, r + ".conv1", x, 1)));
        x = x + norm(w, r + ".in2", convLayer(w, r + ".conv2", inner, 1));
    }
    x = torch::relu(norm(w, "in4", convLayer(w, "deconv1", upsampleNearest(x), 1)));
    x = torch::relu(norm(w, "in5", convLayer(w, "deconv2", upsampleNearest(x), 1)));
    return toMat(convLayer(w, "deconv3", x, 1));
}

} // namespace reference
