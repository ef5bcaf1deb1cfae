// SPDX-License-Identifier: GPL-3.0-or-later
// The style prediction network of Magenta's arbitrary-image-stylization
// (TFLite build, ../shared/docs/magenta-arbitrary-style.md §2): a MobileNetV2
// body, a global mean and a 1×1 convolution turn a 256×256 painting into the
// 100 numbers that StyleTransformer paints with.
#pragma once

#include "formats/tflitemodel.h"

#include <torch/torch.h>

#include <vector>

namespace brushwork {

class StylePredictor {
public:
    /// Side of the square picture the network was made for.
    static constexpr std::int64_t kInputSide = 256;
    static constexpr std::int64_t kStyleSize = 100;

    /// Takes every weight from `model` (style_predict_int8.tflite); throws
    /// Error(BadInput) naming the file and the tensor that is missing or
    /// wrongly shaped.
    explicit StylePredictor(const tflite::Model& model);

    void to(torch::Device device);

    /// [1, 3, H, W] RGB 0..1 (256×256 as it was trained) -> [100].
    torch::Tensor predict(const torch::Tensor& rgb) const;

private:
    struct Conv {
        torch::Tensor weight;
        torch::Tensor bias;
    };
    struct Block {
        Conv expand; ///< undefined weight for the first block, which has none
        Conv depthwise;
        Conv project;
        std::int64_t stride = 1;
        bool residual = false;
    };
    Conv mStem;
    std::vector<Block> mBlocks;
    Conv mHead;
    Conv mBottleneck;
};

} // namespace brushwork
