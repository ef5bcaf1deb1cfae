// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/modelsource.h"

#include "brushwork/atomicfile.h"
#include "support/inputfile.h"
#include "brushwork/error.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace brushwork {
namespace fs = std::filesystem;
using nlohmann::json;

std::string modelSourcePath(const std::string& installedPath)
{
    fs::path path(installedPath);
    return (path.parent_path() / (path.stem().string() + ".source.json")).string();
}

void recordModelSource(const std::string& installedPath, const ModelSource& source)
{
    const json record = {{"url", source.url},
                         {"sha256", source.sha256},
                         {"size", source.size},
                         {"date", source.date},
                         {"installed_sha256", source.installedSha256}};
    const std::string text = record.dump(2) + "\n";
    writeFileAtomically(modelSourcePath(installedPath), "the model's source record", text.data(), text.size());
}

std::optional<ModelSource> readModelSource(const std::string& installedPath)
{
    const std::string path = modelSourcePath(installedPath);
    std::error_code missing;
    if (!fs::exists(path, missing))
        return std::nullopt;
    const std::vector<unsigned char> bytes = readInputFile(path, kRecordInput);
    const std::string text(bytes.begin(), bytes.end());
    const auto damaged = [&] {
        return Error(ErrorKind::BadInput, path, "the record of where the model came from is damaged",
                     "Delete it, or download the model again");
    };
    const json record = json::parse(text, nullptr, false);
    if (!record.is_object())
        throw damaged();
    ModelSource source;
    try {
        source.url = record.value("url", std::string());
        source.sha256 = record.at("sha256").get<std::string>();
        source.size = record.value("size", std::uint64_t(0));
        source.date = record.value("date", std::string());
        source.installedSha256 = record.at("installed_sha256").get<std::string>();
    } catch (const json::exception&) {
        throw damaged();
    }
    return source;
}

void forgetModelSource(const std::string& installedPath)
{
    std::error_code ignored;
    fs::remove(modelSourcePath(installedPath), ignored);
}

} // namespace brushwork
