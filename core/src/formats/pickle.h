// SPDX-License-Identifier: GPL-3.0-or-later
// A restricted unpickler: it reads the pickle opcodes a state dict uses
// (protocols 2 to 4) and never imports or runs anything. Which globals a
// file may name, and what calling them means, is the caller's decision
// (Hooks); any other global refuses the whole file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

namespace brushwork::pickle {

/// Values refer to each other by index into the unpickler's arena rather than
/// by pointer, so the cycles and deep nests a hostile file can build cost no
/// recursion and leak nothing.
using Ref = std::uint32_t;

struct Value {
    enum class Type { None, Bool, Int, BigInt, Float, String, Tuple, List, Dict, Global, Object };
    explicit Value(Type type = Type::None) : type(type) {}

    Type type;
    std::int64_t integer = 0;  ///< Bool, Int; an Object's handle, given by the hook that made it
    std::string text;          ///< String; BigInt's little-endian bytes; Global's "module.name"; Object's kind
    std::vector<Ref> items;    ///< Tuple, List; a Dict's keys and values, alternating
};

class Unpickler;

struct Hooks {
    /// Whether a file may name "module.name" at all.
    std::function<bool(const std::string& global)> allowGlobal;
    /// REDUCE or NEWOBJ of an allowed global with a Tuple of arguments.
    std::function<Value(const Unpickler&, const std::string& global, Ref args)> call;
    /// BINPERSID: the object a persistent id stands for.
    std::function<Value(const Unpickler&, Ref id)> persistentLoad;
};

class Unpickler {
public:
    /// Reads one pickle starting at `offset` of `data`. Malformed input
    /// throws Error(BadInput) naming `fileName`.
    Unpickler(const std::uint8_t* data, std::size_t size, std::size_t offset, std::string fileName, Hooks hooks);

    /// Runs until STOP and returns the pickled object.
    Ref load();
    /// The offset just after STOP, where the next pickle or data begins.
    std::size_t position() const { return mPosition; }

    const Value& at(Ref ref) const { return mValues[ref]; }
    [[noreturn]] void fail(const std::string& reason) const;

private:
    Ref add(Value value);
    std::uint8_t byte();
    const std::uint8_t* take(std::size_t count);
    std::uint64_t littleEndian(std::size_t count);
    std::string line();
    std::size_t markPosition();
    std::vector<Ref> popToMark();
    Ref pop();
    Ref& top();
    void push(Ref ref);
    void pushGlobal(const std::string& module, const std::string& name);
    void memoize(std::uint64_t index);
    void recall(std::uint64_t index);
    void addItems(Ref container, const std::vector<Ref>& items);
    void callGlobal(Ref callable, Ref args);
    void build();
    Value& mutableAt(Ref ref) { return mValues[ref]; }

    const std::uint8_t* mData;
    std::size_t mSize;
    std::size_t mPosition;
    std::string mFileName;
    Hooks mHooks;
    std::vector<Value> mValues;
    std::vector<Ref> mStack;
    std::vector<std::size_t> mMarks;
    std::unordered_map<std::uint64_t, Ref> mMemo;
};

} // namespace brushwork::pickle
