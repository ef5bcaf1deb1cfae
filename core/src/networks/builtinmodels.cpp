// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/builtinmodels.h"

#include "brushwork/error.h"
#include "brushwork/sha256.h"

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

const std::vector<BuiltinModel>& builtinModels()
{
    static const std::vector<BuiltinModel> models = {
        {"squeezenet1_0.safetensors", "291e766a2b3341cb6b3e55b8fd0b182c08ae3143ba66fc918d8a22808fa7dc3f"},
        {kStylePredictorFile, "af6ad4b2e7aeba0675f32636082ab915ced5375229a3f8aff7e714c6213f5ed2"},
        {kStyleTransformerFile, "53b5243ed5aa33e408db7976c8a8e51a90a0f7708fd122a31428cd00fbdf6aa6"},
    };
    return models;
}

std::string builtinModelDamage(const std::string& path, const std::string& fileName)
{
    for (const BuiltinModel& model : builtinModels()) {
        if (fileName != model.file)
            continue;
        try {
            const std::string sha256 = sha256File(path);
            if (sha256 != model.sha256)
                return "its SHA-256 is " + sha256 + ", not the " + model.sha256 + " Brushwork ships (damaged or replaced)";
        } catch (const Error& error) {
            return error.reason();
        }
    }
    return {};
}

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
        if (std::filesystem::is_regular_file(path, error)) {
            if (const std::string damage = builtinModelDamage(path.string(), fileName); !damage.empty())
                throw Error(ErrorKind::BadInput, path.string(), "this built-in network cannot be used: " + damage,
                            "Reinstall Brushwork, or set BRUSHWORK_BUILTIN_MODEL_DIR to a folder with intact copies");
            return path.string();
        }
        looked += (looked.empty() ? "" : ", ") + folder;
    }
    throw Error(ErrorKind::BadInput, fileName, "this built-in network is not installed (looked in " + looked + ")",
                "Reinstall Brushwork, or set BRUSHWORK_BUILTIN_MODEL_DIR to the folder that holds it");
}

} // namespace brushwork
