// SPDX-License-Identifier: GPL-3.0-or-later
// Text that comes from files and servers (a style network's name in its
// metadata, an HTTP reason phrase, a name in a project) is made printable
// before it reaches a terminal or a window: escape sequences could move the
// cursor, retitle the terminal or hide what Brushwork says. Everything that
// prints such text (commands, the studio, batch reports) passes it through
// printableText first.
#pragma once

#include <string>

namespace brushwork {

/// `text` with every control character (C0, DEL and the C1 range, ESC
/// included) and every byte that is not valid UTF-8 replaced by '?', and cut
/// to `maxBytes` (at a character boundary).
std::string printableText(const std::string& text, std::size_t maxBytes = 200);

/// Whether `text` is valid UTF-8 without control characters: what a name,
/// a description or a path must be before it goes into a file others read
/// (a job script, metadata) or a terminal, checked before any work.
bool isPrintableText(const std::string& text);

} // namespace brushwork
