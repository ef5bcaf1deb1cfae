// SPDX-License-Identifier: GPL-3.0-or-later
// Where the feature networks' weights live, and test weights made on the spot.
#pragma once

#include "brushwork/params.h"

#include <cstdint>
#include <optional>
#include <string>

namespace brushwork {

/// $BRUSHWORK_MODEL_DIR, else $XDG_DATA_HOME/brushwork/models, else
/// ~/.local/share/brushwork/models. The folder may not exist yet.
std::string modelDirectory();

/// File name of a network's weights inside modelDirectory(), e.g. "vgg19.safetensors".
std::string modelFileName(NetworkKind kind);

/// The installed weights of `kind` (Vgg19 by default), if the file exists.
std::optional<std::string> installedWeights(NetworkKind kind = NetworkKind::Vgg19);

/// The feature network that ships with Brushwork (see builtinmodels.h), in
/// the compact form importWeights() writes.
inline constexpr const char* kBuiltinFeatureNetworkFile = "squeezenet1_0.safetensors";

/// The weights a run paints with.
struct FeatureWeights {
    std::string path;
    NetworkKind kind = NetworkKind::Vgg19;
    bool builtIn = false; ///< the SqueezeNet that ships with Brushwork
};

/// The weights a run uses when none are named: the installed VGG19 (finest
/// detail), else an installed SqueezeNet, else the built-in SqueezeNet, so a
/// fresh install paints with nothing downloaded. `wanted` Vgg19 or SqueezeNet
/// keeps to that network. Empty when nothing fits.
std::optional<FeatureWeights> defaultFeatureWeights(NetworkKind wanted = NetworkKind::Auto);

/// Which network a safetensors file holds (Auto: recognised from tensor names),
/// after checking every tensor's name and shape without reading the data.
/// Throws Error(BadInput) naming the file and what is wrong with it.
NetworkKind checkWeightsFile(const std::string& path, NetworkKind kind = NetworkKind::Auto);

/// Checks `source` (safetensors, or a PyTorch .pth state dict, whose pickle
/// code is never run) and installs the tensors the engine needs from it as
/// modelDirectory()/modelFileName(kind), float32, leaving out everything else
/// (a classifier, other layers). Atomic: a failure installs nothing.
/// Returns the installed path; throws Error naming the file and problem.
std::string importWeights(const std::string& source, NetworkKind kind = NetworkKind::Auto);

/// Writes seeded random weights with the real layout and shapes of `kind`
/// (He-initialised, so features neither vanish nor explode). For tests,
/// benchmarks and trying the app without a download; they paint textures,
/// not a painter's strokes.
void writeRandomWeights(const std::string& path, NetworkKind kind, std::uint64_t seed);

} // namespace brushwork
