// SPDX-License-Identifier: GPL-3.0-or-later
// Reads PyTorch .pth state dicts, both the zip format of torch.save and the
// older pickle-stream format of torchvision's published weights, without
// running any of the file's pickle code: only the handful of globals a
// state dict needs are understood (PyTorch's own weights_only rule), any
// other refuses the file. Every count, shape, stride and offset is checked
// against the file's real bytes before memory is allocated for it.
#pragma once

#include "formats/floattensor.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

namespace brushwork::pth {

using NameFilter = std::function<bool(const std::string& name)>;

/// The tensors of the state dict in `data` (a plain name -> tensor dict, or
/// one under a "state_dict" or "model" key) as float32; float32, float16,
/// bfloat16 and float64 are accepted, any other type is refused naming the
/// tensor. `wanted` (all when empty) picks the
/// tensors converted; the others are checked but cost no memory. Throws
/// Error(BadInput) naming `fileName` for anything malformed or any code.
FloatTensors parseStateDict(const std::uint8_t* data, std::size_t size, const std::string& fileName,
                            const NameFilter& wanted = {});

/// Reads the file at `path` and parses it with parseStateDict.
FloatTensors loadStateDict(const std::string& path, const NameFilter& wanted = {});

/// Whether the file starts like a .pth file: a zip archive, or the pickled
/// magic number of the older format.
bool looksLikePth(const std::string& path);

} // namespace brushwork::pth
