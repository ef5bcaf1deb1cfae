// SPDX-License-Identifier: GPL-3.0-or-later
#include "formats/pthreader.h"

#include "brushwork/error.h"
#include "formats/pthpickle.h"
#include "formats/storedzip.h"
#include "support/inputfile.h"

#include <cstring>
#include <fstream>
#include <utility>
#include <vector>

namespace brushwork::pth {
namespace {

using pickle::Ref;
using pickle::Unpickler;
using pickle::Value;

/// The older format opens with the pickled number 0x1950a86a20f9469cfc6c;
/// these are its little-endian bytes as LONG1 stores them.
const std::string kLegacyMagic("\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19", 10);
constexpr std::int64_t kLegacyFormatVersion = 1001;

bool littleEndianHost()
{
    const std::uint16_t probe = 1;
    std::uint8_t first = 0;
    std::memcpy(&first, &probe, 1);
    return first == 1;
}

float decode(const std::uint8_t* element, Encoding encoding)
{
    switch (encoding) {
    case Encoding::Float16:
    case Encoding::BFloat16: {
        std::uint16_t bits;
        std::memcpy(&bits, element, sizeof bits);
        return encoding == Encoding::Float16 ? floatFromHalf(bits) : floatFromBFloat16(bits);
    }
    case Encoding::Float64: {
        double value;
        std::memcpy(&value, element, sizeof value);
        return float(value);
    }
    case Encoding::Float32:
    case Encoding::NotFloat: break;
    }
    float value;
    std::memcpy(&value, element, sizeof value);
    return value;
}

/// Appends the elements of `tensor` from dimension `dim` on, starting at
/// `first`, to `out` in row-major order. Records in the older format can
/// start at any byte, so every element is copied out, never cast in place.
void gather(const std::uint8_t* first, const StorageType& type, const TensorRecord& tensor, std::size_t dim,
            float*& out)
{
    if (dim == tensor.sizes.size()) {
        *out++ = decode(first, type.encoding);
        return;
    }
    const std::uint64_t step = std::uint64_t(tensor.strides[dim]) * type.elementSize;
    for (std::int64_t i = 0; i < tensor.sizes[dim]; ++i)
        gather(first + std::uint64_t(i) * step, type, tensor, dim + 1, out);
}

class Reader {
public:
    Reader(const std::uint8_t* data, std::size_t size, std::string fileName)
        : mData(data), mSize(size), mFile(fileName), mPickle(size, std::move(fileName))
    {
    }

    FloatTensors read(const NameFilter& wanted);

private:
    using Fetch = std::function<void(const std::string& key, Root& root)>;

    FloatTensors readLegacy(const NameFilter& wanted);
    FloatTensors readZip(const NameFilter& wanted);
    FloatTensors convert(const std::map<std::string, std::size_t>& entries, const NameFilter& wanted,
                         const Fetch& fetch);

    const std::uint8_t* mData;
    std::size_t mSize;
    std::string mFile;
    PickledStateDict mPickle;
};

FloatTensors Reader::convert(const std::map<std::string, std::size_t>& entries, const NameFilter& wanted,
                             const Fetch& fetch)
{
    std::vector<std::pair<std::string, const TensorRecord*>> chosen;
    std::uint64_t total = 0;
    for (const auto& [name, index] : entries) {
        if (wanted && !wanted(name))
            continue;
        const TensorRecord& tensor = mPickle.tensors()[index];
        const Root& root = mPickle.roots().at(mPickle.views()[tensor.view].key);
        if (root.type->encoding == Encoding::NotFloat)
            refuse(mFile, "tensor " + name + " is stored as " + root.type->name + ", not as floating-point weights",
                     "Brushwork reads float32, float16, bfloat16 and float64 weights");
        // Tensors may share storage, but weights never read their bytes
        // over and over; this bounds the memory a small file can ask for.
        total += tensor.numel;
        if (total > mSize)
            refuse(mFile, "the tensors hold more elements than the file has bytes");
        chosen.emplace_back(name, &tensor);
    }

    FloatTensors tensors;
    for (const auto& [name, tensor] : chosen) {
        const StorageView& view = mPickle.views()[tensor->view];
        Root& root = mPickle.roots().at(view.key);
        if (!root.bytes)
            fetch(view.key, root);
        FloatTensor& converted = tensors[name];
        converted.shape = tensor->sizes;
        converted.values.resize(tensor->numel);
        if (tensor->numel == 0)
            continue;
        float* out = converted.values.data();
        gather(root.bytes + (view.offset + tensor->offset) * root.type->elementSize, *root.type, *tensor, 0, out);
    }
    return tensors;
}

FloatTensors Reader::readLegacy(const NameFilter& wanted)
{
    std::size_t position = 0;
    {
        Unpickler magic(mData, mSize, position, mFile, {});
        const Value& number = magic.at(magic.load());
        if (number.type != Value::Type::BigInt || number.text != kLegacyMagic)
            refuse(mFile, "the file is a pickle but not a PyTorch file (its magic number is wrong)", kFormatHint);
        position = magic.position();
    }
    {
        Unpickler version(mData, mSize, position, mFile, {});
        const Value& number = version.at(version.load());
        if (number.type != Value::Type::Int || number.integer != kLegacyFormatVersion)
            refuse(mFile, "the file uses a PyTorch format version other than 1001", kFormatHint);
        position = version.position();
    }
    {
        Unpickler systemInfo(mData, mSize, position, mFile, {});
        const Value& info = systemInfo.at(systemInfo.load());
        if (info.type != Value::Type::Dict)
            refuse(mFile, "the file's system description is not a dictionary");
        for (std::size_t i = 0; i + 1 < info.items.size(); i += 2) {
            const Value& value = systemInfo.at(info.items[i + 1]);
            if (isString(systemInfo, info.items[i], "little_endian") && value.type == Value::Type::Bool &&
                !value.integer)
                refuse(mFile, "the file was written on a big-endian machine", "Save it again on a PC and retry");
        }
        position = systemInfo.position();
    }
    std::map<std::string, std::size_t> entries;
    {
        Unpickler main(mData, mSize, position, mFile, mPickle.hooks());
        entries = mPickle.tensorsOf(main, main.load());
        position = main.position();
    }
    std::vector<std::string> keys;
    {
        Unpickler keyList(mData, mSize, position, mFile, {});
        const Value& list = keyList.at(keyList.load());
        if (list.type != Value::Type::List)
            refuse(mFile, "the file's list of storages is not a list");
        for (Ref item : list.items) {
            if (keyList.at(item).type != Value::Type::String)
                refuse(mFile, "the file's list of storages holds something other than names");
            keys.push_back(keyList.at(item).text);
        }
        position = keyList.position();
    }

    // Each storage's record: its element count (8 bytes, little-endian),
    // then its bytes.
    for (const std::string& key : keys) {
        if (mSize - position < 8)
            refuse(mFile, "the file ends before the data of storage " + key);
        std::uint64_t count = 0;
        for (int i = 7; i >= 0; --i)
            count = (count << 8) | mData[position + std::size_t(i)];
        position += 8;
        const auto found = mPickle.roots().find(key);
        if (found == mPickle.roots().end())
            refuse(mFile, "the file holds data for storage " + key + ", which no tensor uses");
        Root& root = found->second;
        if (root.bytes)
            refuse(mFile, "the file holds the data of storage " + key + " twice");
        if (count != root.numel)
            refuse(mFile, "storage " + key + " has " + std::to_string(count) +
                              " elements but its tensors were told " + std::to_string(root.numel));
        const std::uint64_t bytes = count * root.type->elementSize;
        if (bytes > mSize - position)
            refuse(mFile, "storage " + key + " claims " + std::to_string(bytes) + " bytes but the file has only " +
                              std::to_string(mSize - position) + " left");
        root.bytes = mData + position;
        position += std::size_t(bytes);
    }
    return convert(entries, wanted, [this](const std::string& key, Root&) {
        refuse(mFile, "storage " + key + " has no data in the file");
    });
}

FloatTensors Reader::readZip(const NameFilter& wanted)
{
    const zip::StoredZip archive(mData, mSize, mFile);
    // The top folder is named after whatever file torch.save wrote to.
    std::string folder;
    for (const std::string& name : archive.names()) {
        const std::string suffix = "/data.pkl";
        if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0 &&
            name.find('/') == name.size() - suffix.size()) {
            folder = name.substr(0, name.size() - suffix.size() + 1);
            break;
        }
    }
    if (folder.empty())
        refuse(mFile, "the zip archive holds no data.pkl, so it is not a PyTorch file", kFormatHint);
    if (const auto order = archive.read(folder + "byteorder");
        order && std::string(reinterpret_cast<const char*>(order->data), order->size) != "little")
        refuse(mFile, "the file was written on a big-endian machine", "Save it again on a PC and retry");

    const zip::Bytes pickled = *archive.read(folder + "data.pkl");
    std::map<std::string, std::size_t> entries;
    {
        Unpickler main(pickled.data, pickled.size, 0, mFile, mPickle.hooks());
        entries = mPickle.tensorsOf(main, main.load());
    }
    // Only the storages of the wanted tensors are read (and their CRCs
    // computed): a VGG19 file's classifier is three quarters of it.
    return convert(entries, wanted, [&](const std::string& key, Root& root) {
        const auto bytes = archive.read(folder + "data/" + key);
        if (!bytes)
            refuse(mFile, "storage " + key + " is missing from the archive");
        if (bytes->size != root.numel * root.type->elementSize)
            refuse(mFile, "storage " + key + " has " + std::to_string(bytes->size) + " bytes but its " +
                              std::to_string(root.numel) + " elements need " +
                              std::to_string(root.numel * root.type->elementSize));
        root.bytes = bytes->data;
    });
}

FloatTensors Reader::read(const NameFilter& wanted)
{
    if (!littleEndianHost())
        throw Error(ErrorKind::Resource, mFile, "this machine is big-endian; PyTorch weights are little-endian");
    if (mSize >= 4 && std::memcmp(mData, "PK\x03\x04", 4) == 0)
        return readZip(wanted);
    if (mSize >= 1 && mData[0] == 0x80)
        return readLegacy(wanted);
    refuse(mFile, "the file is neither a zip archive nor a pickle, so not a .pth file", kFormatHint);
}

} // namespace

FloatTensors parseStateDict(const std::uint8_t* data, std::size_t size, const std::string& fileName,
                            const NameFilter& wanted)
{
    FloatTensors tensors = Reader(data, size, fileName).read(wanted);
    requireFiniteTensors(tensors, fileName);
    return tensors;
}

FloatTensors loadStateDict(const std::string& path, const NameFilter& wanted)
{
    const std::vector<unsigned char> bytes = readInputFile(path, kWeightsInput);
    return parseStateDict(bytes.data(), bytes.size(), path, wanted);
}

bool looksLikePth(const std::string& path)
{
    checkInputFile(path, kWeightsInput);
    std::uint8_t head[32] = {};
    std::ifstream in(path, std::ios::binary);
    in.read(reinterpret_cast<char*>(head), sizeof head);
    const auto length = std::size_t(in.gcount());
    if (length >= 4 && std::memcmp(head, "PK\x03\x04", 4) == 0)
        return true;
    // A safetensors file can start with 0x80 too (its header length), so
    // the older format is recognised by its pickled magic number instead.
    const std::string start(reinterpret_cast<const char*>(head), length);
    return length > 0 && head[0] == 0x80 && start.find("\x8a\x0a" + kLegacyMagic) != std::string::npos;
}

} // namespace brushwork::pth
