// SPDX-License-Identifier: GPL-3.0-or-later
// Base64 (RFC 4648, with padding), for binary data kept inside JSON files.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace brushwork {

std::string toBase64(const std::vector<unsigned char>& bytes);

/// The bytes `text` encodes; nullopt when it is not base64.
std::optional<std::vector<unsigned char>> fromBase64(const std::string& text);

} // namespace brushwork
