// SPDX-License-Identifier: GPL-3.0-or-later
// Reads a zip archive held in memory whose entries are stored uncompressed,
// as PyTorch writes them. Every offset and size comes from the file, so each
// is checked against the archive's real size before it is used.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace brushwork::zip {

struct Bytes {
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;
};

class StoredZip {
public:
    /// Reads the central directory; throws Error(BadInput) naming `fileName`
    /// if it is missing, damaged, split over disks or names an entry twice.
    StoredZip(const std::uint8_t* data, std::size_t size, std::string fileName);

    /// Entry names in the order of the central directory.
    const std::vector<std::string>& names() const { return mNames; }

    /// The bytes of entry `name` after checking that it is stored, lies
    /// inside the archive and matches its CRC-32; nothing when absent.
    std::optional<Bytes> read(const std::string& name) const;

private:
    struct Entry {
        std::uint16_t flags = 0;
        std::uint16_t method = 0;
        std::uint32_t crc = 0;
        std::uint64_t compressedSize = 0;
        std::uint64_t size = 0;
        std::uint64_t localHeader = 0;
    };

    [[noreturn]] void fail(const std::string& reason) const;
    void readEntries(std::uint64_t offset, std::uint64_t length);

    const std::uint8_t* mData;
    std::size_t mSize;
    std::string mFileName;
    std::vector<std::string> mNames;
    std::map<std::string, Entry> mEntries;
};

} // namespace brushwork::zip
