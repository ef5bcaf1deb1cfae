// SPDX-License-Identifier: GPL-3.0-or-later
// .pth files written byte by byte, the way torch.save writes them, so that
// the reader is tested without Python or LibTorch: both the zip format and
// the older pickle stream, with storages of every float type, views and
// strides, and any pickle in place of the state dict's.
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace pthfiles {

/// Protocol 2 pickles as Python writes them, remembering each global so
/// that later uses recall it from the memo.
class PickleWriter {
public:
    PickleWriter() : mBytes("\x80\x02", 2) {}

    void op(char opcode) { mBytes += opcode; }

    void global(const std::string& module, const std::string& name)
    {
        const std::string line = module + "\n" + name + "\n";
        const auto found = mGlobals.find(line);
        if (found != mGlobals.end())
            return get(found->second);
        mBytes += 'c' + line;
        mGlobals[line] = put();
    }

    std::uint32_t put()
    {
        if (mMemo < 256) {
            mBytes += 'q';
            mBytes += char(mMemo);
        } else {
            mBytes += 'r';
            appendLe(mBytes, mMemo, 4);
        }
        return mMemo++;
    }

    void get(std::uint32_t index)
    {
        if (index < 256) {
            mBytes += 'h';
            mBytes += char(index);
        } else {
            mBytes += 'j';
            appendLe(mBytes, index, 4);
        }
    }

    void integer(std::int64_t value)
    {
        if (value >= 0 && value < 256) {
            mBytes += 'K';
            appendLe(mBytes, std::uint64_t(value), 1);
        } else if (value >= 0 && value < 65536) {
            mBytes += 'M';
            appendLe(mBytes, std::uint64_t(value), 2);
        } else if (value >= INT32_MIN && value <= INT32_MAX) {
            mBytes += 'J';
            appendLe(mBytes, std::uint64_t(value), 4);
        } else {
            mBytes += "\x8a\x08";
            appendLe(mBytes, std::uint64_t(value), 8);
        }
    }

    void floating(double value)
    {
        std::uint64_t bits = 0;
        std::memcpy(&bits, &value, sizeof bits);
        mBytes += 'G';
        for (int i = 7; i >= 0; --i)
            mBytes += char((bits >> (8 * i)) & 0xff);
    }

    void string(const std::string& text)
    {
        mBytes += 'X';
        appendLe(mBytes, text.size(), 4);
        mBytes += text;
    }

    void tuple(const std::vector<std::int64_t>& values)
    {
        if (values.empty())
            return op(')');
        if (values.size() > 3)
            op('(');
        for (std::int64_t v : values)
            integer(v);
        op(values.size() > 3 ? 't' : char(0x84 + values.size()));
    }

    void emptyOrderedDict()
    {
        global("collections", "OrderedDict");
        op(')');
        op('R');
    }

    std::string finish() { return mBytes + '.'; }

    static void appendLe(std::string& bytes, std::uint64_t value, int count)
    {
        for (int i = 0; i < count; ++i)
            bytes += char((value >> (8 * i)) & 0xff);
    }

private:
    std::string mBytes;
    std::map<std::string, std::uint32_t> mGlobals;
    std::uint32_t mMemo = 0;
};

/// The element types a storage is written in.
enum class StoredType { Float, Half, BFloat16, Double, Long };

struct Storage {
    std::string key;
    StoredType type = StoredType::Float;
    std::vector<double> values;      ///< each exact in `type`
    std::int64_t claimedNumel = -1;  ///< what the pickle says, when it lies
    std::int64_t recordCount = -1;   ///< what the older format's record says, when it lies
};

enum class Rebuild { V2, Old, Parameter };

struct TensorSpec {
    std::string name;
    std::string key;
    std::int64_t offset = 0;
    std::vector<std::int64_t> sizes;
    std::vector<std::int64_t> strides;
    Rebuild rebuild = Rebuild::V2;
};

struct StateDict {
    std::vector<Storage> storages;
    std::vector<TensorSpec> tensors;
    bool checkpoint = false;  ///< {"epoch": 3, "lr": 0.01, "state_dict": ...} as a training script saves
};

/// The values `tensor` holds, in row-major order, as float32.
std::vector<float> expectedValues(const StateDict& dict, const TensorSpec& tensor);

/// The pickle of state_dict(): an OrderedDict with a _metadata attribute.
std::string statePickle(const StateDict& dict, bool legacyIds);

/// The pickled magic number the older format opens with.
extern const std::string kMagicPickle;

/// torch.save(..., _use_new_zipfile_serialization=False): five pickles, then
/// each storage as an 8-byte element count and its bytes. `mainPickle`
/// replaces the state dict's.
std::string legacyFile(const StateDict& dict, const std::string& mainPickle = {});

using Entries = std::vector<std::pair<std::string, std::string>>;

/// A zip archive of stored entries, as PyTorch's writer makes them.
std::string zipArchive(const Entries& entries);
/// The entries torch.save writes under `folder`; `pickle` replaces the state dict's.
Entries zipEntries(const StateDict& dict, const std::string& folder, const std::string& pickle = {});
std::string zipFile(const StateDict& dict, const std::string& pickle = {});

} // namespace pthfiles
