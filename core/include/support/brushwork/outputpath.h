// SPDX-License-Identifier: GPL-3.0-or-later
// Every place a command or the studio will write is checked before any work
// starts, so that hours of painting are never lost to a missing folder, an
// unknown extension or a read-only file found at the end, and no output ever
// overwrites one of the run's inputs. Commands (render, fast, batch, instant,
// ...) call checkOutputPath for each output right after parsing their options.
#pragma once

#include <string>
#include <vector>

namespace brushwork {

struct OutputCheck {
    std::string what = "the output";     ///< as messages name it, e.g. "the picture"
    std::vector<std::string> extensions; ///< allowed, lower case with the dot; empty: any
    bool folder = false;                 ///< a folder that is created if missing (e.g. --nft)
    bool overwrite = false;              ///< a read-only file may be replaced
};

/// The extensions saveImage writes.
const std::vector<std::string>& pictureOutputExtensions();

/// Throws Error(Usage) naming `path` when it cannot be written as `check`
/// says: unknown extension, missing or read-only folder, an existing folder
/// where a file goes (or a file where a folder goes), a read-only file
/// (unless check.overwrite), something that is not a regular file, or the
/// same file as one of `inputs` (links and relative paths resolved).
void checkOutputPath(const std::string& path, const OutputCheck& check, const std::vector<std::string>& inputs);

} // namespace brushwork
