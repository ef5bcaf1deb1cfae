// SPDX-License-Identifier: GPL-3.0-or-later
#include "formats/storedzip.h"

#include "brushwork/error.h"

#include <zlib.h>

namespace brushwork::zip {
namespace {

constexpr std::size_t kEndRecordSize = 22;
constexpr std::size_t kMaxCommentSize = 0xffff;
constexpr std::size_t kLocatorSize = 20;
constexpr std::size_t kZip64EndRecordSize = 56;
constexpr std::size_t kCentralHeaderSize = 46;
constexpr std::size_t kLocalHeaderSize = 30;
constexpr std::uint32_t kSaturated32 = 0xffffffffu;

std::uint64_t readLe(const std::uint8_t* bytes, std::size_t count)
{
    std::uint64_t value = 0;
    for (std::size_t i = count; i-- > 0;)
        value = (value << 8) | bytes[i];
    return value;
}

bool hasSignature(const std::uint8_t* bytes, std::uint8_t third, std::uint8_t fourth)
{
    return bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == third && bytes[3] == fourth;
}

/// Whether [offset, offset + length) lies inside `size` bytes, without overflow.
bool fits(std::uint64_t offset, std::uint64_t length, std::uint64_t size)
{
    return offset <= size && length <= size - offset;
}

} // namespace

StoredZip::StoredZip(const std::uint8_t* data, std::size_t size, std::string fileName)
    : mData(data), mSize(size), mFileName(std::move(fileName))
{
    if (mSize < kEndRecordSize)
        fail("the file is too short to be a zip archive");
    // The end record sits before a comment of at most 64 KiB; the last
    // signature found searching backwards is the archive's own.
    std::size_t end = mSize - kEndRecordSize;
    const std::size_t lowest = end > kMaxCommentSize ? end - kMaxCommentSize : 0;
    while (!hasSignature(mData + end, 5, 6)) {
        if (end == lowest)
            fail("the zip archive has no end-of-directory record");
        --end;
    }
    const std::uint8_t* record = mData + end;
    if (readLe(record + 4, 2) != 0 || readLe(record + 6, 2) != 0)
        fail("the zip archive is split over several disks");
    std::uint64_t count = readLe(record + 10, 2);
    std::uint64_t directorySize = readLe(record + 12, 4);
    std::uint64_t directoryOffset = readLe(record + 16, 4);
    // Saturated fields mean the real values are in the zip64 end record.
    if (count == 0xffff || directorySize == kSaturated32 || directoryOffset == kSaturated32) {
        if (end < kLocatorSize || !hasSignature(mData + end - kLocatorSize, 6, 7))
            fail("the zip archive lacks its zip64 locator");
        const std::uint64_t zip64 = readLe(mData + end - kLocatorSize + 8, 8);
        if (!fits(zip64, kZip64EndRecordSize, end) || !hasSignature(mData + zip64, 6, 6))
            fail("the zip archive's zip64 end record is missing or out of place");
        count = readLe(mData + zip64 + 32, 8);
        directorySize = readLe(mData + zip64 + 40, 8);
        directoryOffset = readLe(mData + zip64 + 48, 8);
    }
    if (!fits(directoryOffset, directorySize, end))
        fail("the zip archive's directory lies outside the file");
    readEntries(directoryOffset, directorySize);
    if (mNames.size() != count)
        fail("the zip archive's directory lists " + std::to_string(mNames.size()) + " entries but claims " +
             std::to_string(count));
}

void StoredZip::fail(const std::string& reason) const
{
    throw Error(ErrorKind::BadInput, mFileName, reason,
                "The file may be truncated or damaged; download it again");
}

void StoredZip::readEntries(std::uint64_t offset, std::uint64_t length)
{
    const std::uint8_t* position = mData + offset;
    const std::uint8_t* const end = position + length;
    while (position != end) {
        if (std::size_t(end - position) < kCentralHeaderSize || !hasSignature(position, 1, 2))
            fail("the zip archive's directory is damaged");
        const std::size_t nameLength = readLe(position + 28, 2);
        const std::size_t extraLength = readLe(position + 30, 2);
        const std::size_t commentLength = readLe(position + 32, 2);
        if (std::size_t(end - position) - kCentralHeaderSize < nameLength + extraLength + commentLength)
            fail("an entry of the zip archive's directory runs past the directory");
        Entry entry;
        entry.flags = std::uint16_t(readLe(position + 8, 2));
        entry.method = std::uint16_t(readLe(position + 10, 2));
        entry.crc = std::uint32_t(readLe(position + 16, 4));
        entry.compressedSize = readLe(position + 20, 4);
        entry.size = readLe(position + 24, 4);
        entry.localHeader = readLe(position + 42, 4);
        const std::string name(reinterpret_cast<const char*>(position + kCentralHeaderSize), nameLength);

        // Zip64 extra field: 8-byte values for the saturated fields, in this order.
        const std::uint8_t* extra = position + kCentralHeaderSize + nameLength;
        const std::uint8_t* const extraEnd = extra + extraLength;
        while (extraEnd - extra >= 4) {
            const std::uint64_t id = readLe(extra, 2);
            const std::size_t fieldLength = readLe(extra + 2, 2);
            const std::uint8_t* field = extra + 4;
            if (std::size_t(extraEnd - field) < fieldLength)
                fail("entry " + name + " of the zip archive has a damaged extra field");
            if (id == 1) {
                const std::uint8_t* const fieldEnd = field + fieldLength;
                for (std::uint64_t* value : {&entry.size, &entry.compressedSize, &entry.localHeader}) {
                    if (*value != kSaturated32)
                        continue;
                    if (fieldEnd - field < 8)
                        fail("entry " + name + " of the zip archive has a short zip64 field");
                    *value = readLe(field, 8);
                    field += 8;
                }
            }
            extra += 4 + fieldLength;
        }

        if (!mEntries.emplace(name, entry).second)
            fail("the zip archive holds two entries named " + name);
        mNames.push_back(name);
        position += kCentralHeaderSize + nameLength + extraLength + commentLength;
    }
}

std::optional<Bytes> StoredZip::read(const std::string& name) const
{
    const auto found = mEntries.find(name);
    if (found == mEntries.end())
        return std::nullopt;
    const Entry& entry = found->second;
    if (entry.flags & 1)
        fail("entry " + name + " of the zip archive is encrypted");
    if (entry.method != 0 || entry.compressedSize != entry.size)
        fail("entry " + name + " of the zip archive is compressed; PyTorch stores weights uncompressed");
    if (!fits(entry.localHeader, kLocalHeaderSize, mSize) || !hasSignature(mData + entry.localHeader, 3, 4))
        fail("entry " + name + " of the zip archive has no local header where the directory says");
    const std::uint64_t dataOffset = entry.localHeader + kLocalHeaderSize + readLe(mData + entry.localHeader + 26, 2) +
                                     readLe(mData + entry.localHeader + 28, 2);
    if (!fits(dataOffset, entry.size, mSize))
        fail("entry " + name + " of the zip archive claims " + std::to_string(entry.size) +
             " bytes, more than the file holds");
    Bytes bytes{mData + dataOffset, std::size_t(entry.size)};
    if (crc32_z(0, bytes.data, bytes.size) != entry.crc)
        fail("entry " + name + " of the zip archive is damaged (its checksum does not match)");
    return bytes;
}

} // namespace brushwork::zip
