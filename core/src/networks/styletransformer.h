// SPDX-License-Identifier: GPL-3.0-or-later
// The transformer of Magenta's arbitrary-image-stylization (TFLite build,
// ../shared/docs/magenta-arbitrary-style.md §3): a quarter-width Johnson
// network whose instance norms take their scale and shift from a 100-number
// style vector, so one network paints in the style of any painting.
// Fully convolutional: any size, any aspect ratio.
#pragma once

#include "formats/tflitemodel.h"
#include "networks/upsampleconv.h"

#include <torch/torch.h>

#include <vector>

namespace brushwork {

class StyleTransformer {
public:
    /// Takes every weight from `model` (style_transfer_fp16.tflite or its
    /// int8 twin); throws Error(BadInput) naming the file and the tensor that
    /// is missing or wrongly shaped.
    explicit StyleTransformer(const tflite::Model& model);

    void to(torch::Device device);

    /// Paints [1, 3, H, W] RGB 0..1 with the style vector `style` ([100], on
    /// the same device) and returns [1, 3, H, W] RGB 0..1. Sides that are not
    /// multiples of 4 (or below 16) are padded for the network and cropped back;
    /// a torus (Edges::Wrap) cannot be, and its sides must be torusSide()s.
    torch::Tensor paint(const torch::Tensor& rgb, const torch::Tensor& style, Edges edges = Edges::Zero) const;

    /// The side nearest `side` that a torus can be painted at.
    static int torusSide(int side);

private:
    struct Conv {
        torch::Tensor weight;
        torch::Tensor bias; ///< undefined where an instance norm follows
    };
    /// How one conditional instance norm gets its scale and shift from the style.
    struct StyleNorm {
        torch::Tensor gammaWeight, gammaBias, betaWeight, betaBias;
    };
    torch::Tensor forward(const torch::Tensor& rgb, const torch::Tensor& style, Edges edges) const;

    std::vector<Conv> mContract;      ///< 3: 9×9, then two 3×3 of stride 2
    std::vector<Conv> mResidual;      ///< 10: conv1, conv2 of residual1 … residual5
    std::vector<UpsampleConv> mUpsample; ///< expand/conv1 and conv2, nearest ×2 folded in
    Conv mOutput;                     ///< expand/conv3, 9×9
    std::vector<StyleNorm> mNorms;    ///< 13: residual convs, then expand conv1 … conv3
};

} // namespace brushwork
