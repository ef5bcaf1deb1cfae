// SPDX-License-Identifier: GPL-3.0-or-later
#include "formats/pthreader.h"

#include "formats/finitetensors.h"
#include "support/inputfile.h"

#include "brushwork/error.h"
#include "formats/pickle.h"
#include "formats/safetensors.h"
#include "formats/storedzip.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <utility>
#include <vector>

namespace brushwork::pth {
namespace {

using pickle::Ref;
using pickle::Unpickler;
using pickle::Value;

const char* const kDamagedHint = "The file may be truncated or damaged; download it again";
const char* const kFormatHint = "Brushwork reads .pth state dicts saved by torch.save, and safetensors files";

/// The older format opens with the pickled number 0x1950a86a20f9469cfc6c;
/// these are its little-endian bytes as LONG1 stores them.
const std::string kLegacyMagic("\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19", 10);
constexpr std::int64_t kLegacyFormatVersion = 1001;
constexpr std::size_t kMaxDimensions = 16;

struct StorageType {
    const char* name;
    torch::ScalarType dtype;
    std::uint64_t elementSize;
    bool floating;
};

// Integer storages are listed so that such a tensor is refused by name
// rather than as unknown code.
const StorageType kStorageTypes[] = {
    {"torch.FloatStorage", torch::kFloat32, 4, true},     {"torch.HalfStorage", torch::kFloat16, 2, true},
    {"torch.BFloat16Storage", torch::kBFloat16, 2, true}, {"torch.DoubleStorage", torch::kFloat64, 8, true},
    {"torch.LongStorage", torch::kInt64, 8, false},       {"torch.IntStorage", torch::kInt32, 4, false},
    {"torch.ShortStorage", torch::kInt16, 2, false},      {"torch.CharStorage", torch::kInt8, 1, false},
    {"torch.ByteStorage", torch::kUInt8, 1, false},       {"torch.BoolStorage", torch::kBool, 1, false},
};

const StorageType* storageType(const std::string& global)
{
    for (const StorageType& type : kStorageTypes)
        if (global == type.name)
            return &type;
    return nullptr;
}

// torch._utils._rebuild_tensor is what torchvision's 2017 files use;
// _rebuild_tensor_v2 everything since PyTorch 0.4.
const std::set<std::string> kFunctions = {"collections.OrderedDict", "torch._utils._rebuild_tensor",
                                          "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter"};

[[noreturn]] void fail(const std::string& file, const std::string& reason, const std::string& hint = kDamagedHint)
{
    throw Error(ErrorKind::BadInput, file, reason, hint);
}

bool littleEndianHost()
{
    const std::uint16_t probe = 1;
    std::uint8_t first = 0;
    std::memcpy(&first, &probe, 1);
    return first == 1;
}

bool isString(const Unpickler& unpickler, Ref ref, const char* text)
{
    const Value& value = unpickler.at(ref);
    return value.type == Value::Type::String && value.text == text;
}

bool isObject(const Unpickler& unpickler, Ref ref, const char* kind)
{
    const Value& value = unpickler.at(ref);
    return value.type == Value::Type::Object && value.text == kind;
}

std::uint64_t nonNegative(const Unpickler& unpickler, Ref ref, const std::string& what)
{
    const Value& value = unpickler.at(ref);
    if (value.type != Value::Type::Int || value.integer < 0)
        unpickler.fail(what + " is not a non-negative integer");
    return std::uint64_t(value.integer);
}

std::vector<std::int64_t> dimensions(const Unpickler& unpickler, Ref ref, const std::string& what)
{
    const Value& tuple = unpickler.at(ref);
    if (tuple.type != Value::Type::Tuple || tuple.items.size() > kMaxDimensions)
        unpickler.fail(what + " is not a tuple of at most " + std::to_string(kMaxDimensions) + " integers");
    std::vector<std::int64_t> values;
    for (Ref item : tuple.items)
        values.push_back(std::int64_t(nonNegative(unpickler, item, what)));
    return values;
}

/// A storage as the pickle describes it; its bytes are found afterwards, in
/// the records after the pickles (older format) or in zip entries.
struct Root {
    const StorageType* type = nullptr;
    std::uint64_t numel = 0;
    const std::uint8_t* bytes = nullptr;
};

/// What a persistent id stands for: a whole root storage, or (older
/// format) a view of part of one.
struct StorageView {
    std::string key;
    std::uint64_t offset = 0;  ///< in elements
    std::uint64_t numel = 0;
};

struct TensorRecord {
    std::size_t view = 0;
    std::uint64_t offset = 0;  ///< in elements, into the view
    std::vector<std::int64_t> sizes;
    std::vector<std::int64_t> strides;
    std::uint64_t numel = 0;
    std::uint64_t span = 0;    ///< elements from the first one the tensor reads to the last, inclusive
};

class Reader {
public:
    Reader(const std::uint8_t* data, std::size_t size, std::string fileName)
        : mData(data), mSize(size), mFile(std::move(fileName))
    {
    }

    std::map<std::string, torch::Tensor> read(const NameFilter& wanted);

private:
    using Fetch = std::function<void(const std::string& key, Root& root)>;

    pickle::Hooks hooks();
    Value persistentLoad(const Unpickler& unpickler, Ref id);
    Value call(const Unpickler& unpickler, const std::string& global, Ref args);
    Value rebuildTensor(const Unpickler& unpickler, const std::vector<Ref>& args);
    std::map<std::string, std::size_t> stateDict(const Unpickler& unpickler, Ref root) const;
    std::map<std::string, torch::Tensor> readLegacy(const NameFilter& wanted);
    std::map<std::string, torch::Tensor> readZip(const NameFilter& wanted);
    std::map<std::string, torch::Tensor> convert(const std::map<std::string, std::size_t>& entries,
                                                 const NameFilter& wanted, const Fetch& fetch);

    const std::uint8_t* mData;
    std::size_t mSize;
    std::string mFile;
    std::map<std::string, Root> mRoots;
    std::vector<StorageView> mViews;
    std::vector<TensorRecord> mTensors;
};

pickle::Hooks Reader::hooks()
{
    pickle::Hooks hooks;
    hooks.allowGlobal = [](const std::string& global) { return kFunctions.count(global) || storageType(global); };
    hooks.call = [this](const Unpickler& unpickler, const std::string& global, Ref args) {
        return call(unpickler, global, args);
    };
    hooks.persistentLoad = [this](const Unpickler& unpickler, Ref id) { return persistentLoad(unpickler, id); };
    return hooks;
}

Value Reader::persistentLoad(const Unpickler& unpickler, Ref id)
{
    const Value& pid = unpickler.at(id);
    if (pid.type != Value::Type::Tuple || pid.items.size() < 5 || pid.items.size() > 6 ||
        !isString(unpickler, pid.items[0], "storage"))
        unpickler.fail("the pickle refers to outside data that is not a storage");
    const Value& typeName = unpickler.at(pid.items[1]);
    const StorageType* type = typeName.type == Value::Type::Global ? storageType(typeName.text) : nullptr;
    const Value& key = unpickler.at(pid.items[2]);
    if (!type || key.type != Value::Type::String)
        unpickler.fail("a storage reference lacks its type or key");
    const std::uint64_t numel = nonNegative(unpickler, pid.items[4], "the size of storage " + key.text);
    // Checked here so that no later size arithmetic can overflow.
    if (numel > mSize / type->elementSize)
        unpickler.fail("storage " + key.text + " claims " + std::to_string(numel) + " elements, more than the " +
                       std::to_string(mSize) + "-byte file holds");
    const auto [root, added] = mRoots.emplace(key.text, Root{type, numel});
    if (!added && (root->second.type != type || root->second.numel != numel))
        unpickler.fail("storage " + key.text + " is described twice with different types or sizes");

    StorageView view{key.text, 0, numel};
    if (pid.items.size() == 6 && unpickler.at(pid.items[5]).type != Value::Type::None) {
        const Value& meta = unpickler.at(pid.items[5]);
        if (meta.type != Value::Type::Tuple || meta.items.size() != 3)
            unpickler.fail("the view of storage " + key.text + " is not described by (key, offset, size)");
        view.offset = nonNegative(unpickler, meta.items[1], "a view's offset");
        view.numel = nonNegative(unpickler, meta.items[2], "a view's size");
        if (view.offset > numel || view.numel > numel - view.offset)
            unpickler.fail("a view of storage " + key.text + " reaches beyond its " + std::to_string(numel) +
                           " elements");
    }
    mViews.push_back(std::move(view));
    Value object(Value::Type::Object);
    object.text = "storage";
    object.integer = std::int64_t(mViews.size() - 1);
    return object;
}

Value Reader::call(const Unpickler& unpickler, const std::string& global, Ref argsRef)
{
    const std::vector<Ref>& args = unpickler.at(argsRef).items;
    if (global == "collections.OrderedDict") {
        Value dict(Value::Type::Dict);
        if (args.empty())
            return dict;
        // Python 2 pickled an OrderedDict as a call with a list of pairs.
        const Value& pairs = unpickler.at(args[0]);
        if (args.size() != 1 || pairs.type != Value::Type::List)
            unpickler.fail("an OrderedDict is built from something other than pairs");
        for (Ref pairRef : pairs.items) {
            const Value& pair = unpickler.at(pairRef);
            if ((pair.type != Value::Type::List && pair.type != Value::Type::Tuple) || pair.items.size() != 2)
                unpickler.fail("an OrderedDict is built from something other than pairs");
            dict.items.insert(dict.items.end(), pair.items.begin(), pair.items.end());
        }
        return dict;
    }
    if (global == "torch._utils._rebuild_parameter") {
        if (args.size() != 3 || !isObject(unpickler, args[0], "tensor"))
            unpickler.fail("a parameter is rebuilt from something other than a tensor");
        return unpickler.at(args[0]);
    }
    const bool legacy = global == "torch._utils._rebuild_tensor" && args.size() == 4;
    const bool v2 = global == "torch._utils._rebuild_tensor_v2" && (args.size() == 6 || args.size() == 7);
    if (legacy || v2)
        return rebuildTensor(unpickler, args);
    unpickler.fail("the pickle calls " + global + " with " + std::to_string(args.size()) +
                   " arguments, which a state dict never does");
}

Value Reader::rebuildTensor(const Unpickler& unpickler, const std::vector<Ref>& args)
{
    if (!isObject(unpickler, args[0], "storage"))
        unpickler.fail("a tensor is rebuilt from something other than a storage");
    TensorRecord tensor;
    tensor.view = std::size_t(unpickler.at(args[0]).integer);
    tensor.offset = nonNegative(unpickler, args[1], "a tensor's storage offset");
    tensor.sizes = dimensions(unpickler, args[2], "a tensor's size");
    tensor.strides = dimensions(unpickler, args[3], "a tensor's stride");
    if (tensor.sizes.size() != tensor.strides.size())
        unpickler.fail("a tensor has " + std::to_string(tensor.sizes.size()) + " sizes but " +
                       std::to_string(tensor.strides.size()) + " strides");

    const StorageView& view = mViews[tensor.view];
    const std::uint64_t limit = view.numel;
    const std::string tooLarge = "a tensor of shape " + safetensors::shapeText(tensor.sizes) + " and stride " +
                                 safetensors::shapeText(tensor.strides) + " at offset " + std::to_string(tensor.offset) +
                                 " reaches beyond its storage of " + std::to_string(limit) + " elements";
    const bool empty = std::find(tensor.sizes.begin(), tensor.sizes.end(), 0) != tensor.sizes.end();
    if (empty) {
        if (tensor.offset > limit)
            unpickler.fail(tooLarge);
    } else {
        // Each product is checked against the storage before it is formed,
        // so no arithmetic overflows. A tensor never has more elements than
        // its storage: that rules out broadcast strides of 0, which would let
        // a small file ask for unbounded memory.
        std::uint64_t numel = 1;
        std::uint64_t last = 0;
        for (std::size_t i = 0; i < tensor.sizes.size(); ++i) {
            const auto size = std::uint64_t(tensor.sizes[i]);
            const auto stride = std::uint64_t(tensor.strides[i]);
            if (size > limit / numel)
                unpickler.fail(tooLarge);
            numel *= size;
            if (size > 1) {
                if (stride > limit / (size - 1))
                    unpickler.fail(tooLarge);
                last += (size - 1) * stride;
                if (last >= limit)
                    unpickler.fail(tooLarge);
            }
        }
        if (tensor.offset >= limit || last >= limit - tensor.offset)
            unpickler.fail(tooLarge);
        tensor.numel = numel;
        tensor.span = last + 1;
    }
    mTensors.push_back(std::move(tensor));
    Value object(Value::Type::Object);
    object.text = "tensor";
    object.integer = std::int64_t(mTensors.size() - 1);
    return object;
}

std::map<std::string, std::size_t> Reader::stateDict(const Unpickler& unpickler, Ref root) const
{
    if (unpickler.at(root).type != Value::Type::Dict)
        fail(mFile, "the file holds no state dict (its top object is not a dictionary)", kFormatHint);
    // A training checkpoint keeps the state dict under one of these keys.
    const Value* dict = &unpickler.at(root);
    for (std::size_t i = 0; i + 1 < dict->items.size(); i += 2) {
        const Value& value = unpickler.at(dict->items[i + 1]);
        if ((isString(unpickler, dict->items[i], "state_dict") || isString(unpickler, dict->items[i], "model")) &&
            value.type == Value::Type::Dict) {
            dict = &value;
            break;
        }
    }
    std::map<std::string, std::size_t> entries;
    for (std::size_t i = 0; i + 1 < dict->items.size(); i += 2) {
        const Value& key = unpickler.at(dict->items[i]);
        if (key.type == Value::Type::String && isObject(unpickler, dict->items[i + 1], "tensor"))
            entries[key.text] = std::size_t(unpickler.at(dict->items[i + 1]).integer);
    }
    if (entries.empty())
        fail(mFile, "the file's state dict holds no tensors", kFormatHint);
    return entries;
}

std::map<std::string, torch::Tensor> Reader::convert(const std::map<std::string, std::size_t>& entries,
                                                     const NameFilter& wanted, const Fetch& fetch)
{
    std::vector<std::pair<std::string, const TensorRecord*>> chosen;
    std::uint64_t total = 0;
    for (const auto& [name, index] : entries) {
        if (wanted && !wanted(name))
            continue;
        const TensorRecord& tensor = mTensors[index];
        const Root& root = mRoots.at(mViews[tensor.view].key);
        if (!root.type->floating)
            fail(mFile, "tensor " + name + " is stored as " + root.type->name + ", not as floating-point weights",
                 "Brushwork reads float32, float16, bfloat16 and float64 weights");
        // Tensors may share storage, but weights never read their bytes
        // over and over; this bounds the memory a small file can ask for.
        total += tensor.numel;
        if (total > mSize)
            fail(mFile, "the tensors hold more elements than the file has bytes");
        chosen.emplace_back(name, &tensor);
    }

    std::map<std::string, torch::Tensor> tensors;
    for (const auto& [name, tensor] : chosen) {
        const StorageView& view = mViews[tensor->view];
        Root& root = mRoots.at(view.key);
        if (!root.bytes)
            fetch(view.key, root);
        if (tensor->numel == 0) {
            tensors[name] = torch::zeros(tensor->sizes);
            continue;
        }
        // Copying the bytes into a fresh buffer first gives aligned
        // elements; a record in the older format can start at any byte.
        const std::uint64_t elementSize = root.type->elementSize;
        torch::Tensor buffer = torch::empty({std::int64_t(tensor->span)}, torch::dtype(root.type->dtype));
        std::memcpy(buffer.data_ptr(), root.bytes + (view.offset + tensor->offset) * elementSize,
                    tensor->span * elementSize);
        tensors[name] = buffer.as_strided(tensor->sizes, tensor->strides).to(torch::kFloat32).contiguous();
    }
    return tensors;
}

std::map<std::string, torch::Tensor> Reader::readLegacy(const NameFilter& wanted)
{
    std::size_t position = 0;
    {
        Unpickler magic(mData, mSize, position, mFile, {});
        const Value& number = magic.at(magic.load());
        if (number.type != Value::Type::BigInt || number.text != kLegacyMagic)
            fail(mFile, "the file is a pickle but not a PyTorch file (its magic number is wrong)", kFormatHint);
        position = magic.position();
    }
    {
        Unpickler version(mData, mSize, position, mFile, {});
        const Value& number = version.at(version.load());
        if (number.type != Value::Type::Int || number.integer != kLegacyFormatVersion)
            fail(mFile, "the file uses a PyTorch format version other than 1001", kFormatHint);
        position = version.position();
    }
    {
        Unpickler systemInfo(mData, mSize, position, mFile, {});
        const Value& info = systemInfo.at(systemInfo.load());
        if (info.type != Value::Type::Dict)
            fail(mFile, "the file's system description is not a dictionary");
        for (std::size_t i = 0; i + 1 < info.items.size(); i += 2) {
            const Value& value = systemInfo.at(info.items[i + 1]);
            if (isString(systemInfo, info.items[i], "little_endian") && value.type == Value::Type::Bool &&
                !value.integer)
                fail(mFile, "the file was written on a big-endian machine", "Save it again on a PC and retry");
        }
        position = systemInfo.position();
    }
    std::map<std::string, std::size_t> entries;
    {
        Unpickler main(mData, mSize, position, mFile, hooks());
        entries = stateDict(main, main.load());
        position = main.position();
    }
    std::vector<std::string> keys;
    {
        Unpickler keyList(mData, mSize, position, mFile, {});
        const Value& list = keyList.at(keyList.load());
        if (list.type != Value::Type::List)
            fail(mFile, "the file's list of storages is not a list");
        for (Ref item : list.items) {
            if (keyList.at(item).type != Value::Type::String)
                fail(mFile, "the file's list of storages holds something other than names");
            keys.push_back(keyList.at(item).text);
        }
        position = keyList.position();
    }

    // Each storage's record: its element count (8 bytes, little-endian),
    // then its bytes.
    for (const std::string& key : keys) {
        if (mSize - position < 8)
            fail(mFile, "the file ends before the data of storage " + key);
        std::uint64_t count = 0;
        for (int i = 7; i >= 0; --i)
            count = (count << 8) | mData[position + std::size_t(i)];
        position += 8;
        const auto found = mRoots.find(key);
        if (found == mRoots.end())
            fail(mFile, "the file holds data for storage " + key + ", which no tensor uses");
        Root& root = found->second;
        if (root.bytes)
            fail(mFile, "the file holds the data of storage " + key + " twice");
        if (count != root.numel)
            fail(mFile, "storage " + key + " has " + std::to_string(count) + " elements but its tensors were told " +
                            std::to_string(root.numel));
        const std::uint64_t bytes = count * root.type->elementSize;
        if (bytes > mSize - position)
            fail(mFile, "storage " + key + " claims " + std::to_string(bytes) + " bytes but the file has only " +
                            std::to_string(mSize - position) + " left");
        root.bytes = mData + position;
        position += std::size_t(bytes);
    }
    return convert(entries, wanted, [this](const std::string& key, Root&) {
        fail(mFile, "storage " + key + " has no data in the file");
    });
}

std::map<std::string, torch::Tensor> Reader::readZip(const NameFilter& wanted)
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
        fail(mFile, "the zip archive holds no data.pkl, so it is not a PyTorch file", kFormatHint);
    if (const auto order = archive.read(folder + "byteorder");
        order && std::string(reinterpret_cast<const char*>(order->data), order->size) != "little")
        fail(mFile, "the file was written on a big-endian machine", "Save it again on a PC and retry");

    const zip::Bytes pickled = *archive.read(folder + "data.pkl");
    std::map<std::string, std::size_t> entries;
    {
        Unpickler main(pickled.data, pickled.size, 0, mFile, hooks());
        entries = stateDict(main, main.load());
    }
    // Only the storages of the wanted tensors are read (and their CRCs
    // computed): a VGG19 file's classifier is three quarters of it.
    return convert(entries, wanted, [&](const std::string& key, Root& root) {
        const auto bytes = archive.read(folder + "data/" + key);
        if (!bytes)
            fail(mFile, "storage " + key + " is missing from the archive");
        if (bytes->size != root.numel * root.type->elementSize)
            fail(mFile, "storage " + key + " has " + std::to_string(bytes->size) + " bytes but its " +
                            std::to_string(root.numel) + " elements need " +
                            std::to_string(root.numel * root.type->elementSize));
        root.bytes = bytes->data;
    });
}

std::map<std::string, torch::Tensor> Reader::read(const NameFilter& wanted)
{
    if (!littleEndianHost())
        throw Error(ErrorKind::Resource, mFile, "this machine is big-endian; PyTorch weights are little-endian");
    if (mSize >= 4 && std::memcmp(mData, "PK\x03\x04", 4) == 0)
        return readZip(wanted);
    if (mSize >= 1 && mData[0] == 0x80)
        return readLegacy(wanted);
    fail(mFile, "the file is neither a zip archive nor a pickle, so not a .pth file", kFormatHint);
}

} // namespace

std::map<std::string, torch::Tensor> parseStateDict(const std::uint8_t* data, std::size_t size,
                                                    const std::string& fileName, const NameFilter& wanted)
{
    std::map<std::string, torch::Tensor> tensors = Reader(data, size, fileName).read(wanted);
    requireFiniteTensors(tensors, fileName);
    return tensors;
}

std::map<std::string, torch::Tensor> loadStateDict(const std::string& path, const NameFilter& wanted)
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
