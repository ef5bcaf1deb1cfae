// SPDX-License-Identifier: GPL-3.0-or-later
// A pretrained convolutional network seen as a stack of named layers whose
// activations describe a picture's content and style.
#pragma once

#include "brushwork/params.h"
#include "formats/floattensor.h"

#include <torch/torch.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace brushwork {

struct ParameterShape {
    std::string name;                 ///< torchvision name, e.g. "features.0.weight"
    std::vector<std::int64_t> shape;
};

/// Every tensor a network needs, with the shape it must have.
std::vector<ParameterShape> parameterShapes(NetworkKind kind);

/// Which network the tensors of `shapes` make (Auto: recognised from their
/// names), after checking that every tensor it needs is there with the right
/// shape. Throws Error(BadInput) naming `path` and the tensor.
NetworkKind checkNetworkShapes(const TensorShapes& shapes, NetworkKind kind, const std::string& path);

/// Called with each requested activation (its position in the request and
/// the tensor); returns the tensor the forward pass continues with.
using TapHook = std::function<torch::Tensor(std::size_t request, const torch::Tensor& activation)>;

/// Asked between every two layers of a forward pass; true stops the pass.
using CancelCheck = std::function<bool()>;

/// Thrown by features() when its CancelCheck says stop: one pass at a large
/// size takes many seconds, too long for Ctrl-C or Stop to wait for.
struct ForwardCancelled {};

/// What convolutions and pools see past the picture's edge: zeros, as the
/// networks were trained, or the opposite edge, the picture as a torus
/// (seamless pictures, StyleParams::seamless).
enum class Edges { Zero, Wrap };

/// Thread contract: use an instance from one thread at a time.
class FeatureNetwork {
public:
    virtual ~FeatureNetwork() = default;

    virtual NetworkKind kind() const = 0;
    /// Names of the layers that can be tapped, in forward order.
    virtual const std::vector<std::string>& layerNames() const = 0;
    virtual std::vector<std::string> defaultContentLayers() const = 0;
    virtual std::vector<LayerWeight> defaultStyleLayers() const = 0;

    /// Activations of `layers` (indices into layerNames(), any order) for
    /// `rgb` ([1,3,H,W], RGB 0..1, on the network's device). Evaluation stops
    /// at the deepest requested layer. Results come in the order requested.
    /// `cancelled` is asked after every layer; when it says yes the pass
    /// throws ForwardCancelled.
    virtual std::vector<torch::Tensor> features(const torch::Tensor& rgb, const std::vector<int>& layers,
                                                Pooling pooling, const TapHook& hook = {},
                                                const CancelCheck& cancelled = {}, Edges edges = Edges::Zero) const = 0;

    /// Pixels of mirrored margin a picture needs so that its edge pixels are
    /// seen as often as the others (the margin is cropped off afterwards).
    virtual int edgeMargin() const = 0;

    /// Moves the weights to `device` and stores them as `weightType` (the
    /// type the convolutions run in; the input normalisation stays float32).
    virtual void to(torch::Device device, torch::ScalarType weightType) = 0;

    /// Index of `name` in layerNames(); throws Error(Usage) listing the valid names.
    int layerIndex(const std::string& name) const;
};

/// The checked tensors of the network in `path` (safetensors, or a PyTorch
/// .pth recognised by its content), by name; `kind` (Auto: from the tensor
/// names) is set to the network found.
std::map<std::string, torch::Tensor> loadNetworkTensors(const std::string& path, NetworkKind& kind);

/// Reads a safetensors or .pth file and builds the network it holds. Auto recognises
/// VGG19 or SqueezeNet 1.0 from the tensor names. Throws Error(BadInput) naming
/// the file and, for a missing or wrongly shaped tensor, its name and shapes.
std::unique_ptr<FeatureNetwork> loadFeatureNetwork(const std::string& path, NetworkKind kind);

} // namespace brushwork
