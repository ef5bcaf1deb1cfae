// SPDX-License-Identifier: GPL-3.0-or-later
// SHA-256 checksums, as lowercase hex, for model files and exports.
#pragma once

#include <cstddef>
#include <string>

namespace brushwork {

std::string sha256Hex(const void* bytes, std::size_t size);

/// Hashes a file in pieces (model files are hundreds of MB). Throws Error(Io).
std::string sha256File(const std::string& path);

} // namespace brushwork
