// SPDX-License-Identifier: GPL-3.0-or-later
// What the pickle of a .pth state dict says about its tensors: the storages
// it names, the views of them, and each tensor's offset, sizes and strides.
// Only the globals a state dict needs are understood (PyTorch's own
// weights_only rule); every count, size and stride is checked against the
// file's size as it is read, so no later arithmetic can overflow.
#pragma once

#include "formats/pickle.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace brushwork::pth {

extern const char* const kDamagedHint;
extern const char* const kFormatHint;

/// Throws Error(BadInput) naming `file`.
[[noreturn]] void refuse(const std::string& file, const std::string& reason, const std::string& hint = kDamagedHint);

/// Whether `ref` is the string `text`.
bool isString(const pickle::Unpickler& unpickler, pickle::Ref ref, const char* text);

enum class Encoding { Float32, Float16, BFloat16, Float64, NotFloat };

struct StorageType {
    const char* name;  ///< as the pickle names it, e.g. "torch.HalfStorage"
    Encoding encoding;
    std::uint64_t elementSize;
};

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
};

class PickledStateDict {
public:
    /// `fileSize` bounds every storage the pickle may claim.
    PickledStateDict(std::size_t fileSize, std::string fileName);

    /// The hooks that let an Unpickler build storages and tensors, and nothing else.
    pickle::Hooks hooks();
    /// The tensors of the state dict at `root` (a plain dict, or one under a
    /// "state_dict" or "model" key) by name, as indices into tensors().
    std::map<std::string, std::size_t> tensorsOf(const pickle::Unpickler& unpickler, pickle::Ref root) const;

    std::map<std::string, Root>& roots() { return mRoots; }
    const std::vector<StorageView>& views() const { return mViews; }
    const std::vector<TensorRecord>& tensors() const { return mTensors; }

private:
    pickle::Value persistentLoad(const pickle::Unpickler& unpickler, pickle::Ref id);
    pickle::Value call(const pickle::Unpickler& unpickler, const std::string& global, pickle::Ref args);
    pickle::Value rebuildTensor(const pickle::Unpickler& unpickler, const std::vector<pickle::Ref>& args);

    std::size_t mFileSize;
    std::string mFile;
    std::map<std::string, Root> mRoots;
    std::vector<StorageView> mViews;
    std::vector<TensorRecord> mTensors;
};

} // namespace brushwork::pth
