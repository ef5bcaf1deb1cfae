// SPDX-License-Identifier: GPL-3.0-or-later
// Writing a file so that its final name only ever holds a complete file.
#pragma once

#include <functional>
#include <string>

namespace brushwork {

/// Calls `write` with a temporary path beside `path`, then renames it to
/// `path`. If `write` throws or the rename fails, the temporary file is
/// removed and nothing under `path` changes. `what` names the file in errors
/// ("the picture", "the project"). Throws Error(Io) with the reason.
void writeAtomically(const std::string& path, const std::string& what,
                     const std::function<void(const std::string& temporary)>& write);

/// Writes `bytes` to `path` through writeAtomically; a short write (a full
/// disk) is an Error(Io), never a truncated file.
void writeFileAtomically(const std::string& path, const std::string& what, const void* bytes, std::size_t size);

} // namespace brushwork
