// SPDX-License-Identifier: GPL-3.0-or-later
#include "instantstylereference.h"

#include <string>

namespace reference {
namespace {

using brushwork::tflite::Model;

/// A constant as stored: NHWC-style row-major shape, float32.
torch::Tensor stored(const Model& model, const std::string& name)
{
    const brushwork::FloatTensor t = model.floats(name);
    return torch::tensor(t.values).reshape(t.shape);
}

/// [H, W, C] tensor from an RGB picture and back.
torch::Tensor hwc(const cv::Mat& rgb)
{
    torch::Tensor t = torch::empty({rgb.rows, rgb.cols, 3});
    auto a = t.accessor<float, 3>();
    for (int y = 0; y < rgb.rows; ++y)
        for (int x = 0; x < rgb.cols; ++x)
            for (int c = 0; c < 3; ++c)
                a[y][x][c] = rgb.at<cv::Vec3f>(y, x)[c];
    return t;
}

cv::Mat picture(const torch::Tensor& t)
{
    const torch::Tensor c = t.contiguous();
    auto a = c.accessor<float, 3>();
    cv::Mat rgb(int(c.size(0)), int(c.size(1)), CV_32FC3);
    for (int y = 0; y < rgb.rows; ++y)
        for (int x = 0; x < rgb.cols; ++x)
            for (int ch = 0; ch < 3; ++ch)
                rgb.at<cv::Vec3f>(y, x)[ch] = std::min(1.0f, std::max(0.0f, a[y][x][ch]));
    return rgb;
}

/// Mirror padding without repeating the edge: index -1 reads 1, n reads n-2.
torch::Tensor reflectPad(const torch::Tensor& x, std::int64_t pad)
{
    torch::Tensor out = x;
    for (std::int64_t dim : {0, 1}) {
        const std::int64_t n = out.size(dim);
        std::vector<std::int64_t> index;
        for (std::int64_t i = -pad; i < n + pad; ++i)
            index.push_back(i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i);
        out = out.index_select(dim, torch::tensor(index));
    }
    return out;
}

/// TensorFlow SAME: zeros, the smaller half before, the larger after.
torch::Tensor samePad(const torch::Tensor& x, std::int64_t k, std::int64_t stride)
{
    std::int64_t before[2], after[2];
    for (int dim = 0; dim < 2; ++dim) {
        const std::int64_t n = x.size(dim);
        const std::int64_t out = (n + stride - 1) / stride;
        const std::int64_t total = std::max<std::int64_t>((out - 1) * stride + k - n, 0);
        before[dim] = total / 2;
        after[dim] = total - total / 2;
    }
    torch::Tensor padded =
        torch::zeros({x.size(0) + before[0] + after[0], x.size(1) + before[1] + after[1], x.size(2)});
    padded.slice(0, before[0], before[0] + x.size(0)).slice(1, before[1], before[1] + x.size(1)).copy_(x);
    return padded;
}

/// VALID convolution of [H, W, I] with an O,H,W,I kernel: the sum over the
/// kernel's taps of the shifted picture times that tap's [O, I] matrix.
torch::Tensor conv(const torch::Tensor& x, const torch::Tensor& kernel, std::int64_t stride)
{
    const std::int64_t k = kernel.size(1);
    const std::int64_t outH = (x.size(0) - k) / stride + 1, outW = (x.size(1) - k) / stride + 1;
    torch::Tensor out = torch::zeros({outH, outW, kernel.size(0)});
    for (std::int64_t dy = 0; dy < k; ++dy)
        for (std::int64_t dx = 0; dx < k; ++dx) {
            const torch::Tensor patch =
                x.slice(0, dy, dy + (outH - 1) * stride + 1, stride).slice(1, dx, dx + (outW - 1) * stride + 1, stride);
            out += torch::matmul(patch, kernel.select(1, dy).select(1, dx).t());
        }
    return out;
}

/// Depthwise 3×3 with a [1, 3, 3, C] kernel: each channel its own taps.
torch::Tensor depthwise(const torch::Tensor& x, const torch::Tensor& kernel, std::int64_t stride)
{
    const std::int64_t outH = (x.size(0) - 3) / stride + 1, outW = (x.size(1) - 3) / stride + 1;
    torch::Tensor out = torch::zeros({outH, outW, x.size(2)});
    for (std::int64_t dy = 0; dy < 3; ++dy)
        for (std::int64_t dx = 0; dx < 3; ++dx)
            out += x.slice(0, dy, dy + (outH - 1) * stride + 1, stride).slice(1, dx, dx + (outW - 1) * stride + 1, stride) *
                   kernel[0][dy][dx];
    return out;
}

torch::Tensor reluSix(const torch::Tensor& x)
{
    return torch::minimum(torch::relu(x), torch::full({}, 6.0f));
}

/// A 1×1 convolution [C, 1, 1, 100] + bias applied to the style vector.
torch::Tensor styleParameter(const Model& model, const std::string& prefix, const torch::Tensor& style)
{
    const torch::Tensor w = stored(model, prefix + "/weights");
    return torch::matmul(w.reshape({w.size(0), w.size(3)}), style) + stored(model, prefix + "/Conv2D_bias");
}

torch::Tensor conditionalNorm(const Model& model, const std::string& layer, const torch::Tensor& x,
                              const torch::Tensor& style)
{
    const std::string params = "style_params/transformer/" + layer + "/StyleNorm/";
    const torch::Tensor beta = styleParameter(model, params + "Conv", style);
    const torch::Tensor gamma = styleParameter(model, params + "Conv_1", style);
    const std::vector<std::int64_t> heightAndWidth = {0, 1};
    const torch::Tensor mean = x.mean(heightAndWidth);
    const torch::Tensor variance = (x - mean).square().mean(heightAndWidth);
    return (x - mean) / torch::sqrt(variance + 1e-5) * gamma + beta;
}

torch::Tensor upsample2(const torch::Tensor& x)
{
    return x.repeat_interleave(2, 0).repeat_interleave(2, 1);
}

} // namespace

torch::Tensor predictStyle(const Model& m, const cv::Mat& painting)
{
    torch::NoGradGuard noGrad;
    auto pointwise = [&](const torch::Tensor& x, const std::string& prefix) {
        return conv(x, stored(m, prefix + "/weights"), 1) + stored(m, prefix + "/Conv2D_bias");
    };
    torch::Tensor x = reluSix(conv(samePad(hwc(painting), 3, 2), stored(m, "MobilenetV2/Conv/weights"), 2) +
                            stored(m, "MobilenetV2/Conv/Conv2D_bias"));
    const int strides[] = {1, 2, 1, 2, 1, 1, 2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1};
    for (int block = 0; block <= 16; ++block) {
        const std::string prefix = "MobilenetV2/expanded_conv" + (block ? "_" + std::to_string(block) : "");
        torch::Tensor h = block ? reluSix(pointwise(x, prefix + "/expand")) : x;
        h = reluSix(depthwise(samePad(h, 3, strides[block]), stored(m, prefix + "/depthwise/depthwise_weights"),
                            strides[block]) +
                  stored(m, prefix + "/depthwise/depthwise_bias"));
        h = pointwise(h, prefix + "/project");
        x = strides[block] == 1 && h.size(2) == x.size(2) ? x + h : h;
    }
    x = reluSix(pointwise(x, "MobilenetV2/Conv_1"));
    x = x.mean(std::vector<std::int64_t>{0, 1}, true);
    return pointwise(x, "mobilenet_conv/Conv").flatten();
}

cv::Mat transform(const Model& m, const cv::Mat& photo, const torch::Tensor& style)
{
    torch::NoGradGuard noGrad;
    auto contract = [&](const torch::Tensor& x, int index, std::int64_t stride) {
        const std::string prefix = "transformer/contract/conv" + std::to_string(index);
        const torch::Tensor kernel = stored(m, prefix + "/weights");
        return torch::relu(conv(reflectPad(x, kernel.size(1) / 2), kernel, stride) + stored(m, prefix + "/Conv2D_bias"));
    };
    auto styled = [&](const torch::Tensor& x, const std::string& layer) {
        const torch::Tensor kernel = stored(m, "transformer/" + layer + "/weights");
        return conditionalNorm(m, layer, conv(reflectPad(x, kernel.size(1) / 2), kernel, 1), style);
    };
    torch::Tensor x = contract(hwc(photo), 1, 1);
    x = contract(x, 2, 2);
    x = contract(x, 3, 2);
    for (int r = 1; r <= 5; ++r) {
        const std::string block = "residual/residual" + std::to_string(r);
        x = x + styled(torch::relu(styled(x, block + "/conv1")), block + "/conv2");
    }
    x = torch::relu(styled(upsample2(x), "expand/conv1/conv"));
    x = torch::relu(styled(upsample2(x), "expand/conv2/conv"));
    return picture(torch::sigmoid(styled(x, "expand/conv3/conv")));
}

} // namespace reference
