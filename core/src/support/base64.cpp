// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/base64.h"

#include <openssl/evp.h>

#include <climits>

namespace brushwork {

std::string toBase64(const std::vector<unsigned char>& bytes)
{
    std::string text(4 * ((bytes.size() + 2) / 3), '\0');
    const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()), bytes.data(), int(bytes.size()));
    text.resize(std::size_t(written));
    return text;
}

std::optional<std::vector<unsigned char>> fromBase64(const std::string& text)
{
    if (text.size() % 4 != 0 || text.size() > std::size_t(INT_MAX))
        return std::nullopt;
    std::vector<unsigned char> bytes(text.size() / 4 * 3);
    const int decoded = EVP_DecodeBlock(bytes.data(), reinterpret_cast<const unsigned char*>(text.data()), int(text.size()));
    if (decoded < 0)
        return std::nullopt;
    // EVP_DecodeBlock counts the padding as zero bytes.
    std::size_t padding = 0;
    for (auto it = text.rbegin(); it != text.rend() && *it == '=' && padding < 2; ++it)
        ++padding;
    bytes.resize(std::size_t(decoded) - padding);
    return bytes;
}

} // namespace brushwork
