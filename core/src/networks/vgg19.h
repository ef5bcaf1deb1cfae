// SPDX-License-Identifier: GPL-3.0-or-later
// torchvision's VGG19 convolutional layers (Simonyan & Zisserman 2014), the
// network of Gatys et al.'s style transfer.
#pragma once

#include "networks/featurenetwork.h"

#include <map>

namespace brushwork {

class Vgg19 : public FeatureNetwork {
public:
    /// Convolution tensors by torchvision name; shapes already checked.
    explicit Vgg19(const std::map<std::string, torch::Tensor>& tensors);

    static std::vector<ParameterShape> parameterShapes();

    NetworkKind kind() const override { return NetworkKind::Vgg19; }
    const std::vector<std::string>& layerNames() const override { return mNames; }
    std::vector<std::string> defaultContentLayers() const override;
    std::vector<LayerWeight> defaultStyleLayers() const override;
    std::vector<torch::Tensor> features(const torch::Tensor& rgb, const std::vector<int>& layers,
                                        Pooling pooling, const TapHook& hook = {},
                                        const CancelCheck& cancelled = {}, Edges edges = Edges::Zero) const override;
    /// Every convolution is 3x3 with a padding of 1, which reaches the edges.
    int edgeMargin() const override { return 0; }
    void to(torch::Device device, torch::ScalarType weightType) override;

private:
    enum class Op { Conv, Relu, Pool };
    struct Layer {
        Op op;
        int conv = -1; ///< index into mWeights/mBiases for Op::Conv
    };
    std::vector<std::string> mNames;
    std::vector<Layer> mLayers;
    std::vector<torch::Tensor> mWeights;
    std::vector<torch::Tensor> mBiases;
    torch::Tensor mMean; ///< ImageNet statistics, [1,3,1,1]
    torch::Tensor mStd;
};

} // namespace brushwork
