// SPDX-License-Identifier: GPL-3.0-or-later
// torchvision's SqueezeNet 1.0 (Iandola et al. 2016): about a tenth of VGG19's
// operations, for quick previews on CPUs.
#pragma once

#include "networks/featurenetwork.h"

#include <map>

namespace brushwork {

class SqueezeNet : public FeatureNetwork {
public:
    /// Tensors by torchvision name; shapes already checked.
    explicit SqueezeNet(const std::map<std::string, torch::Tensor>& tensors);

    static std::vector<ParameterShape> parameterShapes();

    NetworkKind kind() const override { return NetworkKind::SqueezeNet; }
    const std::vector<std::string>& layerNames() const override { return mNames; }
    std::vector<std::string> defaultContentLayers() const override;
    std::vector<LayerWeight> defaultStyleLayers() const override;
    std::vector<torch::Tensor> features(const torch::Tensor& rgb, const std::vector<int>& layers,
                                        Pooling pooling, const TapHook& hook = {},
                                        const CancelCheck& cancelled = {}, Edges edges = Edges::Zero) const override;
    /// conv1 is 7x7 with stride 2 and no padding, so an edge pixel meets one
    /// window where others meet up to sixteen.
    int edgeMargin() const override { return 16; }
    void to(torch::Device device, torch::ScalarType weightType) override;

private:
    struct Conv {
        torch::Tensor weight;
        torch::Tensor bias;
    };
    struct Fire {
        Conv squeeze;
        Conv expand1x1;
        Conv expand3x3;
    };
    enum class Op { Conv1, Relu1, Pool, Fire };
    struct Layer {
        Op op;
        int fire = -1; ///< index into mFires for Op::Fire
    };
    torch::Tensor fire(const torch::Tensor& x, const Fire& module, Edges edges) const;

    std::vector<std::string> mNames;
    std::vector<Layer> mLayers;
    Conv mConv1;
    std::vector<Fire> mFires;
    torch::Tensor mMean; ///< Caffe BGR mean in 0..255, [1,3,1,1]
};

} // namespace brushwork
