// SPDX-License-Identifier: GPL-3.0-or-later
// Reader and writer for the safetensors format (8-byte little-endian header
// length, a JSON header, then raw little-endian tensor bytes). Nothing in the
// file is trusted: every length, offset and shape is checked against the
// file's real size before anything is allocated.
#pragma once

#include "formats/floattensor.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace brushwork::safetensors {

/// Upper bound on the JSON header; real model headers are a few kB.
constexpr std::uint64_t kMaxHeaderBytes = 16u << 20;

struct TensorInfo {
    std::string name;
    std::string dtype;              ///< as in the file: "F32", "F16", "BF16", "F64", "I64", ...
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0;        ///< byte offsets relative to the data section
    std::uint64_t end = 0;
};

struct Header {
    std::vector<TensorInfo> tensors;           ///< in the order of the JSON object
    std::map<std::string, std::string> metadata; ///< the optional "__metadata__" strings
    std::uint64_t dataOffset = 0;              ///< 8 + header length
};

/// Parses and validates the header of a file of `fileSize` bytes whose first
/// bytes are `prefix` (at least the 8-byte length plus the JSON, when present).
/// Throws Error(BadInput) naming `fileName` for anything malformed: a header
/// longer than kMaxHeaderBytes or than the file, invalid JSON, unknown dtypes,
/// negative or overflowing shapes, offsets outside the data section, byte
/// ranges that do not match shape x dtype size, or overlapping tensors.
Header parseHeader(const std::uint8_t* prefix, std::size_t prefixSize, std::uint64_t fileSize,
                   const std::string& fileName);

/// Reads the header of a file (only the header's bytes are read).
Header readHeader(const std::string& path);

/// The shapes of the header's tensors by name.
TensorShapes shapesOf(const Header& header);

/// Loads the tensors whose names `wanted` accepts (all when empty) as
/// float32; F32, F16 and BF16 are accepted for them,
/// any other dtype among the wanted is refused with an Error naming the tensor.
/// Reads only the wanted tensors' bytes.
FloatTensors loadTensors(
    const std::string& path, const std::function<bool(const std::string&)>& wanted = {});

/// Writes the tensors as F32 or, with `asFloat16`, F16 (rounded to
/// nearest), plus string metadata, atomically (temporary file, then
/// rename). Throws Error(Io).
void writeTensors(const std::string& path,
                  const std::vector<std::pair<std::string, FloatTensor>>& tensors,
                  const std::map<std::string, std::string>& metadata = {},
                  bool asFloat16 = false);

} // namespace brushwork::safetensors
