// SPDX-License-Identifier: GPL-3.0-or-later
#include "formats/pthpickle.h"

#include "brushwork/error.h"
#include "formats/floattensor.h"

#include <algorithm>
#include <set>
#include <utility>

namespace brushwork::pth {

const char* const kDamagedHint = "The file may be truncated or damaged; download it again";
const char* const kFormatHint = "Brushwork reads .pth state dicts saved by torch.save, and safetensors files";

void refuse(const std::string& file, const std::string& reason, const std::string& hint)
{
    throw Error(ErrorKind::BadInput, file, reason, hint);
}

using pickle::Ref;
using pickle::Unpickler;
using pickle::Value;

bool isString(const Unpickler& unpickler, Ref ref, const char* text)
{
    const Value& value = unpickler.at(ref);
    return value.type == Value::Type::String && value.text == text;
}

namespace {

constexpr std::size_t kMaxDimensions = 16;

// Integer storages are listed so that such a tensor is refused by name
// rather than as unknown code.
const StorageType kStorageTypes[] = {
    {"torch.FloatStorage", Encoding::Float32, 4},     {"torch.HalfStorage", Encoding::Float16, 2},
    {"torch.BFloat16Storage", Encoding::BFloat16, 2}, {"torch.DoubleStorage", Encoding::Float64, 8},
    {"torch.LongStorage", Encoding::NotFloat, 8},     {"torch.IntStorage", Encoding::NotFloat, 4},
    {"torch.ShortStorage", Encoding::NotFloat, 2},    {"torch.CharStorage", Encoding::NotFloat, 1},
    {"torch.ByteStorage", Encoding::NotFloat, 1},     {"torch.BoolStorage", Encoding::NotFloat, 1},
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

} // namespace

PickledStateDict::PickledStateDict(std::size_t fileSize, std::string fileName)
    : mFileSize(fileSize), mFile(std::move(fileName))
{
}

pickle::Hooks PickledStateDict::hooks()
{
    pickle::Hooks hooks;
    hooks.allowGlobal = [](const std::string& global) { return kFunctions.count(global) || storageType(global); };
    hooks.call = [this](const Unpickler& unpickler, const std::string& global, Ref args) {
        return call(unpickler, global, args);
    };
    hooks.persistentLoad = [this](const Unpickler& unpickler, Ref id) { return persistentLoad(unpickler, id); };
    return hooks;
}

Value PickledStateDict::persistentLoad(const Unpickler& unpickler, Ref id)
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
    if (numel > mFileSize / type->elementSize)
        unpickler.fail("storage " + key.text + " claims " + std::to_string(numel) + " elements, more than the " +
                       std::to_string(mFileSize) + "-byte file holds");
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

Value PickledStateDict::call(const Unpickler& unpickler, const std::string& global, Ref argsRef)
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

Value PickledStateDict::rebuildTensor(const Unpickler& unpickler, const std::vector<Ref>& args)
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
    const std::string tooLarge = "a tensor of shape " + shapeText(tensor.sizes) + " and stride " +
                                 shapeText(tensor.strides) + " at offset " + std::to_string(tensor.offset) +
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
    }
    mTensors.push_back(std::move(tensor));
    Value object(Value::Type::Object);
    object.text = "tensor";
    object.integer = std::int64_t(mTensors.size() - 1);
    return object;
}

std::map<std::string, std::size_t> PickledStateDict::tensorsOf(const Unpickler& unpickler, Ref root) const
{
    if (unpickler.at(root).type != Value::Type::Dict)
        refuse(mFile, "the file holds no state dict (its top object is not a dictionary)", kFormatHint);
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
        refuse(mFile, "the file's state dict holds no tensors", kFormatHint);
    return entries;
}

} // namespace brushwork::pth
