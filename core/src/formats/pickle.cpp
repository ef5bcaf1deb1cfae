// SPDX-License-Identifier: GPL-3.0-or-later
#include "formats/pickle.h"

#include "brushwork/error.h"

#include <algorithm>
#include <cstring>

namespace brushwork::pickle {
namespace {

// Real state dicts stay far below these (VGG19's pickle makes about 600
// values and nests 5 marks deep); they keep a hostile file from exhausting
// memory through the opcodes alone.
constexpr std::size_t kMaxValues = 1u << 20;
constexpr std::size_t kMaxStack = 1u << 18;
constexpr std::size_t kMaxMarks = 256;
constexpr std::size_t kMaxMemo = 1u << 20;
constexpr std::size_t kMaxLine = 256;

const char* const kDamagedHint = "The file may be damaged or not a PyTorch weights file; download it again";

enum Opcode : std::uint8_t {
    MARK = '(', STOP = '.', BINFLOAT = 'G', BININT = 'J', BININT1 = 'K', BININT2 = 'M', NONE = 'N',
    BINPERSID = 'Q', REDUCE = 'R', BINSTRING = 'T', SHORT_BINSTRING = 'U', BINUNICODE = 'X', APPEND = 'a',
    BUILD = 'b', GLOBAL = 'c', APPENDS = 'e', BINGET = 'h', LONG_BINGET = 'j', EMPTY_LIST = ']', BINPUT = 'q',
    LONG_BINPUT = 'r', SETITEM = 's', TUPLE = 't', EMPTY_TUPLE = ')', SETITEMS = 'u', EMPTY_DICT = '}',
    PROTO = 0x80, NEWOBJ = 0x81, TUPLE1 = 0x85, TUPLE2 = 0x86, TUPLE3 = 0x87, NEWTRUE = 0x88, NEWFALSE = 0x89,
    LONG1 = 0x8a, SHORT_BINUNICODE = 0x8c, STACK_GLOBAL = 0x93, MEMOIZE = 0x94, FRAME = 0x95,
};

/// A name from the file made safe to print in a message.
std::string printable(const std::string& text)
{
    std::string shown;
    for (char c : text)
        shown += (c >= 0x20 && c < 0x7f) ? c : '?';
    return shown;
}

} // namespace

Unpickler::Unpickler(const std::uint8_t* data, std::size_t size, std::size_t offset, std::string fileName,
                     Hooks hooks)
    : mData(data), mSize(size), mPosition(offset), mFileName(std::move(fileName)), mHooks(std::move(hooks))
{
    if (mPosition > mSize)
        fail("a pickle is said to start beyond the end of the file");
}

void Unpickler::fail(const std::string& reason) const
{
    throw Error(ErrorKind::BadInput, mFileName, reason, kDamagedHint);
}

Ref Unpickler::add(Value value)
{
    if (mValues.size() >= kMaxValues)
        fail("the pickle builds more than " + std::to_string(kMaxValues) + " objects, far more than weights need");
    mValues.push_back(std::move(value));
    return Ref(mValues.size() - 1);
}

std::uint8_t Unpickler::byte()
{
    return *take(1);
}

const std::uint8_t* Unpickler::take(std::size_t count)
{
    if (count > mSize - mPosition)
        fail("the file ends in the middle of a pickle (byte " + std::to_string(mPosition) + " needs " +
             std::to_string(count) + " more)");
    const std::uint8_t* begin = mData + mPosition;
    mPosition += count;
    return begin;
}

std::uint64_t Unpickler::littleEndian(std::size_t count)
{
    const std::uint8_t* bytes = take(count);
    std::uint64_t value = 0;
    for (std::size_t i = count; i-- > 0;)
        value = (value << 8) | bytes[i];
    return value;
}

std::string Unpickler::line()
{
    const std::size_t limit = std::min(mSize - mPosition, kMaxLine);
    const void* end = std::memchr(mData + mPosition, '\n', limit);
    if (!end)
        fail("a global name in the pickle is unterminated or longer than " + std::to_string(kMaxLine) + " bytes");
    const auto length = std::size_t(static_cast<const std::uint8_t*>(end) - (mData + mPosition));
    std::string text(reinterpret_cast<const char*>(take(length)), length);
    take(1);
    return text;
}

void Unpickler::push(Ref ref)
{
    if (mStack.size() >= kMaxStack)
        fail("the pickle's stack grows beyond " + std::to_string(kMaxStack) + " entries");
    mStack.push_back(ref);
}

Ref Unpickler::pop()
{
    if (mStack.empty() || (!mMarks.empty() && mStack.size() <= mMarks.back()))
        fail("the pickle takes an object from an empty stack");
    const Ref ref = mStack.back();
    mStack.pop_back();
    return ref;
}

Ref& Unpickler::top()
{
    if (mStack.empty() || (!mMarks.empty() && mStack.size() <= mMarks.back()))
        fail("the pickle uses an object from an empty stack");
    return mStack.back();
}

std::size_t Unpickler::markPosition()
{
    if (mMarks.empty())
        fail("the pickle closes a mark it never opened");
    const std::size_t mark = mMarks.back();
    mMarks.pop_back();
    return mark;
}

std::vector<Ref> Unpickler::popToMark()
{
    const std::size_t mark = markPosition();
    std::vector<Ref> items(mStack.begin() + std::ptrdiff_t(mark), mStack.end());
    mStack.resize(mark);
    return items;
}

void Unpickler::pushGlobal(const std::string& module, const std::string& name)
{
    const std::string global = module + "." + name;
    if (!mHooks.allowGlobal || !mHooks.allowGlobal(global))
        throw Error(ErrorKind::BadInput, mFileName,
                    "the file refers to code (" + printable(global) + "), which Brushwork never runs",
                    "Use a plain state-dict file (torch.save(model.state_dict())) or a safetensors file; "
                    "a .pth file that names code may be an attack");
    Value value;
    value.type = Value::Type::Global;
    value.text = global;
    push(add(std::move(value)));
}

void Unpickler::memoize(std::uint64_t index)
{
    if (mMemo.size() >= kMaxMemo && !mMemo.count(index))
        fail("the pickle remembers more than " + std::to_string(kMaxMemo) + " objects");
    mMemo[index] = top();
}

void Unpickler::recall(std::uint64_t index)
{
    const auto found = mMemo.find(index);
    if (found == mMemo.end())
        fail("the pickle recalls object " + std::to_string(index) + ", which it never stored");
    push(found->second);
}

void Unpickler::addItems(Ref container, const std::vector<Ref>& items)
{
    Value& target = mutableAt(container);
    if (target.type == Value::Type::List) {
        target.items.insert(target.items.end(), items.begin(), items.end());
    } else if (target.type == Value::Type::Dict) {
        if (items.size() % 2)
            fail("the pickle gives a dictionary a key without a value");
        // Duplicate keys are kept; readers take the last, as Python would.
        target.items.insert(target.items.end(), items.begin(), items.end());
    } else {
        fail("the pickle adds items to something that is not a list or dictionary");
    }
}

void Unpickler::callGlobal(Ref callable, Ref args)
{
    if (at(callable).type != Value::Type::Global)
        fail("the pickle calls something that is not a named function");
    if (at(args).type != Value::Type::Tuple)
        fail("the pickle calls " + printable(at(callable).text) + " without an argument tuple");
    if (!mHooks.call)
        fail("the pickle calls " + printable(at(callable).text) + " where no call is expected");
    // The hook may add values, so the name is copied out of the arena first.
    const std::string name = at(callable).text;
    push(add(mHooks.call(*this, name, args)));
}

void Unpickler::build()
{
    pop();  // the state
    // An OrderedDict's only state is the _metadata attribute of
    // state_dict(), which the weights do not need.
    if (at(top()).type != Value::Type::Dict)
        fail("the pickle sets the state of an object, which a state dict never does");
}

Ref Unpickler::load()
{
    for (;;) {
        const std::size_t opcodePosition = mPosition;
        const std::uint8_t opcode = byte();
        switch (opcode) {
        case PROTO:
            if (byte() > 5)
                fail("the pickle uses a protocol newer than 5");
            break;
        case FRAME:
            if (littleEndian(8) > mSize - mPosition)
                fail("a pickle frame is longer than the rest of the file");
            break;
        case STOP: {
            const Ref result = pop();
            if (!mMarks.empty())
                fail("the pickle ends with a mark still open");
            return result;
        }
        case MARK:
            if (mMarks.size() >= kMaxMarks)
                fail("the pickle nests more than " + std::to_string(kMaxMarks) + " marks");
            mMarks.push_back(mStack.size());
            break;
        case GLOBAL: {
            const std::string module = line();
            pushGlobal(module, line());
            break;
        }
        case STACK_GLOBAL: {
            const Ref name = pop();
            const Ref module = pop();
            if (at(name).type != Value::Type::String || at(module).type != Value::Type::String)
                fail("the pickle names a global with something other than strings");
            pushGlobal(at(module).text, at(name).text);
            break;
        }
        case BINPUT: memoize(byte()); break;
        case LONG_BINPUT: memoize(littleEndian(4)); break;
        case MEMOIZE: memoize(mMemo.size()); break;
        case BINGET: recall(byte()); break;
        case LONG_BINGET: recall(littleEndian(4)); break;
        case EMPTY_TUPLE: push(add(Value(Value::Type::Tuple))); break;
        case TUPLE: {
            Value tuple(Value::Type::Tuple);
            tuple.items = popToMark();
            push(add(std::move(tuple)));
            break;
        }
        case TUPLE1:
        case TUPLE2:
        case TUPLE3: {
            Value tuple(Value::Type::Tuple);
            tuple.items.resize(std::size_t(opcode - TUPLE1 + 1));
            for (auto item = tuple.items.rbegin(); item != tuple.items.rend(); ++item)
                *item = pop();
            push(add(std::move(tuple)));
            break;
        }
        case EMPTY_LIST: push(add(Value(Value::Type::List))); break;
        case EMPTY_DICT: push(add(Value(Value::Type::Dict))); break;
        case APPEND: {
            const Ref item = pop();
            addItems(top(), {item});
            break;
        }
        case SETITEM: {
            const Ref value = pop();
            const Ref key = pop();
            addItems(top(), {key, value});
            break;
        }
        case APPENDS:
        case SETITEMS: {
            const std::vector<Ref> items = popToMark();
            addItems(top(), items);
            break;
        }
        case BININT: {
            Value value(Value::Type::Int);
            value.integer = std::int32_t(std::uint32_t(littleEndian(4)));
            push(add(std::move(value)));
            break;
        }
        case BININT1:
        case BININT2: {
            Value value(Value::Type::Int);
            value.integer = std::int64_t(littleEndian(opcode == BININT1 ? 1 : 2));
            push(add(std::move(value)));
            break;
        }
        case LONG1: {
            const std::size_t length = byte();
            const std::uint8_t* bytes = take(length);
            Value value(Value::Type::Int);
            if (length > 8) {
                value.type = Value::Type::BigInt;
                value.text.assign(reinterpret_cast<const char*>(bytes), length);
            } else if (length > 0) {
                std::uint64_t bits = 0;
                for (std::size_t i = length; i-- > 0;)
                    bits = (bits << 8) | bytes[i];
                if (length < 8 && (bytes[length - 1] & 0x80))
                    bits |= ~std::uint64_t(0) << (8 * length);  // two's complement sign
                value.integer = std::int64_t(bits);
            }
            push(add(std::move(value)));
            break;
        }
        case BINFLOAT:
            // A checkpoint's floats (a learning rate) are never read, so
            // only their type is kept.
            take(8);
            push(add(Value(Value::Type::Float)));
            break;
        case BINUNICODE:
        case SHORT_BINUNICODE:
        case BINSTRING:
        case SHORT_BINSTRING: {
            const bool shortLength = opcode == SHORT_BINUNICODE || opcode == SHORT_BINSTRING;
            const std::uint64_t length = shortLength ? byte() : littleEndian(4);
            if (opcode == BINSTRING && length > 0x7fffffffu)
                fail("a string in the pickle has a negative length");
            Value value(Value::Type::String);
            value.text.assign(reinterpret_cast<const char*>(take(std::size_t(length))), std::size_t(length));
            push(add(std::move(value)));
            break;
        }
        case NEWTRUE:
        case NEWFALSE: {
            Value value(Value::Type::Bool);
            value.integer = opcode == NEWTRUE;
            push(add(std::move(value)));
            break;
        }
        case NONE: push(add(Value(Value::Type::None))); break;
        case REDUCE:
        case NEWOBJ: {
            const Ref args = pop();
            const Ref callable = pop();
            callGlobal(callable, args);
            break;
        }
        case BUILD: build(); break;
        case BINPERSID: {
            const Ref id = pop();
            if (!mHooks.persistentLoad)
                fail("the pickle refers to outside data where none is expected");
            push(add(mHooks.persistentLoad(*this, id)));
            break;
        }
        default: {
            static const char* const hex = "0123456789abcdef";
            fail(std::string("the pickle uses opcode 0x") + hex[opcode >> 4] + hex[opcode & 15] + " at byte " +
                 std::to_string(opcodePosition) + ", which a state dict does not need");
        }
        }
    }
}

} // namespace brushwork::pickle
