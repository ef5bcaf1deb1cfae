// SPDX-License-Identifier: GPL-3.0-or-later
// Where an installed model came from. A download records it beside the
// installed file (vgg19.safetensors -> vgg19.source.json), so `models list`
// can name the original file's checksum and `models verify` can tell a
// damaged file from an intact one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace brushwork {

struct ModelSource {
    std::string url;             ///< where the original file came from
    std::string sha256;          ///< of the original file, as downloaded and verified
    std::uint64_t size = 0;      ///< of the original file, in bytes
    std::string date;            ///< when it was installed, ISO 8601 UTC
    std::string installedSha256; ///< of the installed file (the compact form the engine reads)
};

/// The record's path beside `installedPath`: the same name with ".source.json".
std::string modelSourcePath(const std::string& installedPath);

/// Writes the record atomically. Throws Error(Io).
void recordModelSource(const std::string& installedPath, const ModelSource& source);

/// The record of `installedPath`, or nothing when none was written. Throws
/// Error(BadInput) for a record that cannot be read.
std::optional<ModelSource> readModelSource(const std::string& installedPath);

/// Removes the record: the installed file was replaced by one from elsewhere.
void forgetModelSource(const std::string& installedPath);

} // namespace brushwork
