// SPDX-License-Identifier: GPL-3.0-or-later
#include "pthfiles.h"

#include "formats/floattensor.h"

#include <stdexcept>

namespace pthfiles {
namespace {

std::string storageType(StoredType type)
{
    switch (type) {
    case StoredType::Half: return "HalfStorage";
    case StoredType::BFloat16: return "BFloat16Storage";
    case StoredType::Double: return "DoubleStorage";
    case StoredType::Long: return "LongStorage";
    case StoredType::Float: break;
    }
    return "FloatStorage";
}

template <typename T>
void append(std::string& bytes, T value)
{
    bytes.append(reinterpret_cast<const char*>(&value), sizeof value);
}

/// The storage's values as PyTorch stores them, little-endian.
std::string bytesOf(const Storage& storage)
{
    std::string bytes;
    for (double value : storage.values) {
        const auto single = float(value);
        std::uint32_t bits;
        std::memcpy(&bits, &single, sizeof bits);
        switch (storage.type) {
        case StoredType::Float: append(bytes, single); break;
        case StoredType::Half: append(bytes, brushwork::halfFromFloat(single)); break;
        case StoredType::BFloat16: append(bytes, std::uint16_t(bits >> 16)); break;
        case StoredType::Double: append(bytes, value); break;
        case StoredType::Long: append(bytes, std::int64_t(value)); break;
        }
    }
    return bytes;
}

const Storage& storageOf(const StateDict& dict, const std::string& key)
{
    for (const Storage& storage : dict.storages)
        if (storage.key == key)
            return storage;
    throw std::logic_error("no storage " + key);
}

void writeTensor(PickleWriter& p, const StateDict& dict, const TensorSpec& tensor, bool legacyIds)
{
    const Storage& storage = storageOf(dict, tensor.key);
    if (tensor.rebuild == Rebuild::Parameter)
        p.global("torch._utils", "_rebuild_parameter");
    p.global("torch._utils", tensor.rebuild == Rebuild::Old ? "_rebuild_tensor" : "_rebuild_tensor_v2");
    p.op('(');
    p.op('(');
    p.string("storage");
    p.global("torch", storageType(storage.type));
    p.string(storage.key);
    p.string("cpu");
    p.integer(storage.claimedNumel >= 0 ? storage.claimedNumel : std::int64_t(storage.values.size()));
    if (legacyIds)
        p.op('N');
    p.op('t');
    p.put();
    p.op('Q');
    p.integer(tensor.offset);
    p.tuple(tensor.sizes);
    p.tuple(tensor.strides);
    if (tensor.rebuild != Rebuild::Old) {
        p.op('\x89');
        p.emptyOrderedDict();
    }
    p.op('t');
    p.op('R');
    p.put();
    if (tensor.rebuild == Rebuild::Parameter) {
        p.op('\x88');
        p.emptyOrderedDict();
        p.op('\x87');
        p.op('R');
    }
}

std::uint32_t crc32(const std::string& bytes)
{
    std::uint32_t crc = 0xffffffffu;
    for (unsigned char byte : bytes) {
        crc ^= byte;
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

} // namespace

std::vector<float> expectedValues(const StateDict& dict, const TensorSpec& tensor)
{
    const Storage& storage = storageOf(dict, tensor.key);
    std::int64_t count = 1;
    for (std::int64_t size : tensor.sizes)
        count *= size;
    std::vector<float> values;
    std::vector<std::int64_t> index(tensor.sizes.size(), 0);
    for (std::int64_t n = 0; n < count; ++n) {
        std::int64_t position = tensor.offset;
        for (std::size_t d = 0; d < index.size(); ++d)
            position += index[d] * tensor.strides[d];
        values.push_back(float(storage.values.at(std::size_t(position))));
        for (std::size_t d = index.size(); d-- > 0 && ++index[d] == tensor.sizes[d];)
            index[d] = 0;
    }
    return values;
}

std::string statePickle(const StateDict& dict, bool legacyIds)
{
    PickleWriter p;
    if (dict.checkpoint) {
        p.op('}');
        p.op('(');
        p.string("epoch");
        p.integer(3);
        p.string("lr");
        p.floating(0.01);
        p.string("state_dict");
    }
    p.emptyOrderedDict();
    p.put();
    p.op('(');
    for (const TensorSpec& tensor : dict.tensors) {
        p.string(tensor.name);
        writeTensor(p, dict, tensor, legacyIds);
    }
    p.op('u');
    p.op('}');
    p.string("_metadata");
    p.emptyOrderedDict();
    p.op('s');
    p.op('b');
    if (dict.checkpoint)
        p.op('u');
    return p.finish();
}

const std::string kMagicPickle("\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19.", 15);

std::string legacyFile(const StateDict& dict, const std::string& mainPickle)
{
    std::string file = kMagicPickle + std::string("\x80\x02M\xe9\x03.", 6);
    PickleWriter info;
    info.op('}');
    info.op('(');
    info.string("protocol_version");
    info.integer(1001);
    info.string("little_endian");
    info.op('\x88');
    info.string("type_sizes");
    info.op('}');
    info.op('(');
    const std::initializer_list<std::pair<const char*, int>> typeSizes = {{"short", 2}, {"int", 4}, {"long", 4}};
    for (const auto& [type, size] : typeSizes) {
        info.string(type);
        info.integer(size);
    }
    info.op('u');
    info.op('u');
    file += info.finish();
    file += mainPickle.empty() ? statePickle(dict, true) : mainPickle;
    PickleWriter keys;
    keys.op(']');
    keys.op('(');
    for (const Storage& storage : dict.storages)
        keys.string(storage.key);
    keys.op('e');
    file += keys.finish();
    for (const Storage& storage : dict.storages) {
        const std::int64_t count = storage.recordCount >= 0 ? storage.recordCount : std::int64_t(storage.values.size());
        PickleWriter::appendLe(file, std::uint64_t(count), 8);
        file += bytesOf(storage);
    }
    return file;
}

std::string zipArchive(const Entries& entries)
{
    std::string file;
    std::string directory;
    auto le = PickleWriter::appendLe;
    for (const auto& [name, data] : entries) {
        const std::uint64_t offset = file.size();
        std::string common;  // version needed .. extra length, shared by both headers
        le(common, 20, 2);
        le(common, 0, 2);  // flags
        le(common, 0, 2);  // stored
        le(common, 0, 4);  // time and date
        le(common, crc32(data), 4);
        le(common, data.size(), 4);
        le(common, data.size(), 4);
        le(common, name.size(), 2);
        le(common, 0, 2);
        file += "PK\x03\x04" + common + name + data;
        directory += "PK\x01\x02";
        le(directory, 20, 2);  // version made by
        directory += common;
        le(directory, 0, 2);   // comment length
        le(directory, 0, 4);   // disk, internal attributes
        le(directory, 0, 4);   // external attributes
        le(directory, offset, 4);
        directory += name;
    }
    const std::uint64_t directoryOffset = file.size();
    file += directory + "PK\x05\x06";
    le(file, 0, 4);
    le(file, entries.size(), 2);
    le(file, entries.size(), 2);
    le(file, directory.size(), 4);
    le(file, directoryOffset, 4);
    le(file, 0, 2);
    return file;
}

Entries zipEntries(const StateDict& dict, const std::string& folder, const std::string& pickle)
{
    Entries entries = {{folder + "/data.pkl", pickle.empty() ? statePickle(dict, false) : pickle},
                       {folder + "/byteorder", "little"}};
    for (const Storage& storage : dict.storages)
        entries.emplace_back(folder + "/data/" + storage.key, bytesOf(storage));
    entries.emplace_back(folder + "/version", "3\n");
    return entries;
}

std::string zipFile(const StateDict& dict, const std::string& pickle)
{
    return zipArchive(zipEntries(dict, "weights", pickle));
}

} // namespace pthfiles
