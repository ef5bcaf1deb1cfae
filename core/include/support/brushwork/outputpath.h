// SPDX-License-Identifier: GPL-3.0-or-later
// Every place a command or the studio will write is checked before any work
// starts, so that hours of painting are never lost to a missing folder, an
// unknown extension or a read-only file found at the end, and no output ever
// overwrites one of the run's inputs. Commands (render, fast, batch, instant,
// ...) call checkOutputPath for each output right after parsing their options.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace brushwork {

struct OutputCheck {
    std::string what = "the output";     ///< as messages name it, e.g. "the picture"
    std::vector<std::string> extensions; ///< allowed, lower case with the dot; empty: any
    bool folder = false;                 ///< a folder that is created if missing (e.g. --nft)
    bool overwrite = false;              ///< a read-only file may be replaced
};

/// The files a run reads, known by what they are (device and inode), not by
/// how they are named: a link, a hard link or "../x/./y" is the same input,
/// and checking an output against thousands of inputs (a collection's
/// pictures) costs one lookup.
class InputFiles {
public:
    InputFiles() = default;
    InputFiles(const std::vector<std::string>& paths);
    InputFiles(std::initializer_list<std::string> paths) : InputFiles(std::vector<std::string>(paths)) {}
    /// Files that do not exist (yet) are no input and are left out.
    void add(const std::string& path);
    /// The name the input `path` was added under, or nullptr when it is none.
    const std::string* find(const std::string& path) const;

private:
    std::map<std::pair<std::uint64_t, std::uint64_t>, std::string> mFiles;
};

/// The extensions saveImage writes.
const std::vector<std::string>& pictureOutputExtensions();

/// Throws Error(Usage) naming `path` when it cannot be written as `check`
/// says: unknown extension, missing or read-only folder, an existing folder
/// where a file goes (or a file where a folder goes), a read-only file
/// (unless check.overwrite), something that is not a regular file, or the
/// same file as one of `inputs` (links and relative paths resolved).
void checkOutputPath(const std::string& path, const OutputCheck& check, const InputFiles& inputs);

/// The files `render --save-every N -o OUT` writes that exist already
/// (OUT_<n>.ext for n a multiple of N up to `iterations`), each checked as
/// checkOutputPath does: a snapshot never replaces an input.
void checkSnapshotPaths(const std::string& output, int every, int iterations, const OutputCheck& check,
                        const InputFiles& inputs);

/// The name `render --save-every` gives the picture of `iteration`.
std::string snapshotPath(const std::string& output, int iteration);

} // namespace brushwork
