// SPDX-License-Identifier: GPL-3.0-or-later
// Writing a file so that its final name only ever holds a complete file:
// every file Brushwork writes (pictures, projects, plans, job scripts,
// records, minting folders) goes through here.
#pragma once

#include <functional>
#include <string>

namespace brushwork {

/// Calls `write` with a temporary path beside `path`, then renames it to
/// `path`. If `write` throws or the rename fails, the temporary file is
/// removed and nothing under `path` changes. `what` names the file in errors
/// ("the picture", "the project"). Throws Error(Io) with the reason. The
/// rename replaces a link planted at `path`; it never writes through it.
void writeAtomically(const std::string& path, const std::string& what,
                     const std::function<void(const std::string& temporary)>& write);

/// Writes `bytes` to `path` through writeAtomically; a short write (a full
/// disk) is an Error(Io), never a truncated file. The temporary file is
/// created new (O_EXCL, O_NOFOLLOW), so nothing planted under its name is
/// written through.
/// `mode`: the new file's permissions (0755 for a script).
void writeFileAtomically(const std::string& path, const std::string& what, const void* bytes, std::size_t size,
                         unsigned mode = 0644);

/// A free name beside `path` for building its replacement (path.part-XXXX).
std::string temporaryNameBeside(const std::string& path);

/// Puts the folder `built` (made beside `target`) in place of `target`: with
/// one atomic exchange when `target` exists, whose old content is then
/// removed, so `target` is always either the old folder or the new one.
/// Throws Error(Io); `built` is removed when it cannot be put in place.
void replaceFolder(const std::string& built, const std::string& target, const std::string& what);

} // namespace brushwork
