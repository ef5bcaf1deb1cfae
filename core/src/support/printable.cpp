// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/printable.h"

namespace brushwork {
namespace {

/// Length of the valid UTF-8 sequence starting at `text[at]`, 0 if invalid.
std::size_t sequenceLength(const std::string& text, std::size_t at)
{
    const auto byte = static_cast<unsigned char>(text[at]);
    const std::size_t length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3 : (byte >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || at + length > text.size())
        return 0;
    for (std::size_t i = 1; i < length; ++i)
        if ((static_cast<unsigned char>(text[at + i]) & 0xC0) != 0x80)
            return 0;
    return length;
}

} // namespace

std::string printableText(const std::string& text, std::size_t maxBytes)
{
    std::string result;
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t length = sequenceLength(text, at);
        const auto byte = static_cast<unsigned char>(text[at]);
        // C1 controls (U+0080..U+009F) are C2 80..C2 9F in UTF-8.
        const bool control = length == 0 || (length == 1 && (byte < 0x20 || byte == 0x7F)) ||
                             (length == 2 && byte == 0xC2 && static_cast<unsigned char>(text[at + 1]) < 0xA0);
        const std::string piece = control ? std::string("?") : text.substr(at, length);
        if (result.size() + piece.size() > maxBytes)
            break;
        result += piece;
        at += length == 0 ? 1 : length;
    }
    return result;
}

bool isPrintableText(const std::string& text)
{
    return printableText(text, text.size()) == text;
}

} // namespace brushwork
