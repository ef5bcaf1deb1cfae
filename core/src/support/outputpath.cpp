// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/outputpath.h"

#include "brushwork/error.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace brushwork {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void refuse(const std::string& path, const std::string& reason, const std::string& hint = {})
{
    throw Error(ErrorKind::Usage, path, reason, hint);
}

bool writableFolder(const fs::path& folder)
{
    return ::access(folder.c_str(), W_OK | X_OK) == 0;
}

/// The nearest folder of `path` that exists (the one a new file or folder is made in).
fs::path existingFolderOf(const fs::path& path)
{
    std::error_code error;
    fs::path folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    while (!fs::exists(folder, error) && folder.has_parent_path() && folder != folder.parent_path())
        folder = folder.parent_path();
    return folder;
}

std::optional<std::pair<std::uint64_t, std::uint64_t>> identityOf(const std::string& path)
{
    struct stat status {};
    if (path.empty() || ::stat(path.c_str(), &status) != 0)
        return std::nullopt;
    return std::make_pair(std::uint64_t(status.st_dev), std::uint64_t(status.st_ino));
}

} // namespace

InputFiles::InputFiles(const std::vector<std::string>& paths)
{
    for (const std::string& path : paths)
        add(path);
}

void InputFiles::add(const std::string& path)
{
    if (const auto identity = identityOf(path))
        mFiles.emplace(*identity, path);
}

const std::string* InputFiles::find(const std::string& path) const
{
    const auto identity = identityOf(path);
    if (!identity)
        return nullptr;
    const auto found = mFiles.find(*identity);
    return found == mFiles.end() ? nullptr : &found->second;
}

std::string snapshotPath(const std::string& output, int iteration)
{
    const fs::path path(output);
    return (path.parent_path() / (path.stem().string() + "_" + std::to_string(iteration) + path.extension().string()))
        .string();
}

void checkSnapshotPaths(const std::string& output, int every, int iterations, const OutputCheck& check,
                        const InputFiles& inputs)
{
    if (every <= 0)
        return;
    // The folder's names, not every possible snapshot's: --save-every 1 of a
    // million iterations would otherwise be a million look-ups.
    const fs::path target(output);
    const std::string stem = target.stem().string() + "_";
    const std::string extension = target.extension().string();
    std::error_code error;
    const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
    for (fs::directory_iterator entry(folder, error), end; !error && entry != end; entry.increment(error)) {
        const std::string name = entry->path().filename().string();
        if (name.size() <= stem.size() + extension.size() || name.compare(0, stem.size(), stem) != 0 ||
            name.compare(name.size() - extension.size(), extension.size(), extension) != 0)
            continue;
        const std::string digits = name.substr(stem.size(), name.size() - stem.size() - extension.size());
        if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos)
            continue;
        const int iteration = std::stoi(digits);
        if (iteration > 0 && iteration <= iterations && iteration % every == 0 &&
            snapshotPath(output, iteration) == (folder / name).string())
            checkOutputPath(snapshotPath(output, iteration), check, inputs);
    }
}

const std::vector<std::string>& pictureOutputExtensions()
{
    static const std::vector<std::string> extensions = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp"};
    return extensions;
}

void checkOutputPath(const std::string& path, const OutputCheck& check, const InputFiles& inputs)
{
    if (path.empty())
        refuse(path, check.what + " has no name");
    const fs::path target(path);
    if (!check.extensions.empty()) {
        std::string extension = target.extension().string();
        std::transform(extension.begin(), extension.end(), extension.begin(),
                       [](unsigned char c) { return char(std::tolower(c)); });
        if (std::find(check.extensions.begin(), check.extensions.end(), extension) == check.extensions.end()) {
            std::string list;
            for (const std::string& e : check.extensions)
                list += (list.empty() ? "" : ", ") + e;
            refuse(path, "cannot write " + check.what + " as \"" + extension + "\"", "Use " + list);
        }
    }
    if (const std::string* input = inputs.find(path))
        refuse(path, check.what + " would overwrite " + *input + ", one of the run's inputs",
               "Write to another file");

    std::error_code error;
    const fs::file_status status = fs::status(target, error);
    if (fs::exists(status)) {
        if (check.folder) {
            if (!fs::is_directory(status))
                refuse(path, "this is a file, but " + check.what + " is a folder", "Give a folder's name");
            if (!writableFolder(target))
                refuse(path, "the folder is read-only", "Choose a folder you can write to");
            return;
        }
        if (fs::is_directory(status))
            refuse(path, "this is a folder; " + check.what + " needs a file name", "Add a file name");
        if (!fs::is_regular_file(status))
            refuse(path, "this is not an ordinary file (a pipe or a device?)", "Write to an ordinary file");
        // The mode, not access(): root may write anything, yet 0444 says "keep this".
        const bool readOnly = (status.permissions() & (fs::perms::owner_write | fs::perms::group_write |
                                                       fs::perms::others_write)) == fs::perms::none;
        if ((readOnly || ::access(path.c_str(), W_OK) != 0) && !check.overwrite)
            refuse(path, "the file is read-only", "Choose another name, or give --overwrite to replace it");
    }
    const fs::path folder =
        check.folder ? existingFolderOf(target) : (target.has_parent_path() ? target.parent_path() : fs::path("."));
    if (!fs::is_directory(folder, error))
        refuse(path, "the folder " + folder.string() + " does not exist", "Create it first, or choose another folder");
    if (!writableFolder(folder))
        refuse(path, "the folder " + folder.string() + " is read-only", "Choose a folder you can write to");
}

} // namespace brushwork
