// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/builtinmodels.h"

#include "brushwork/error.h"

#include <cstdlib>
#include <filesystem>

namespace brushwork {
namespace {

/// share/brushwork/models next to the running program's bin/, so an
/// installation under another prefix (/usr/local, /opt) finds its own copy.
std::string besideProgram()
{
    std::error_code error;
    const std::filesystem::path program = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error)
        return {};
    return (program.parent_path().parent_path() / "share" / "brushwork" / "models").string();
}

} // namespace

std::vector<std::string> builtinModelDirectories()
{
    if (const char* folder = std::getenv("BRUSHWORK_BUILTIN_MODEL_DIR"); folder && *folder)
        return {folder};
    std::vector<std::string> folders = {BRUSHWORK_SOURCE_MODEL_DIR};
    if (const std::string installed = besideProgram(); !installed.empty())
        folders.push_back(installed);
    folders.push_back("/usr/share/brushwork/models");
    return folders;
}

std::string builtinModelPath(const std::string& fileName)
{
    std::string looked;
    for (const std::string& folder : builtinModelDirectories()) {
        const std::filesystem::path path = std::filesystem::path(folder) / fileName;
        std::error_code error;
        if (std::filesystem::is_regular_file(path, error))
            return path.string();
        looked += (looked.empty() ? "" : ", ") + folder;
    }
    throw Error(ErrorKind::BadInput, fileName, "this built-in network is not installed (looked in " + looked + ")",
                "Reinstall Brushwork, or set BRUSHWORK_BUILTIN_MODEL_DIR to the folder that holds it");
}

} // namespace brushwork
