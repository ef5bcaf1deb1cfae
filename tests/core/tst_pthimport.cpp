// SPDX-License-Identifier: GPL-3.0-or-later
// .pth files are written here byte by byte, the way torch.save writes them,
// so the reader is tested without Python: values round-trip exactly, code
// is refused by name, and damaged files are refused rather than crashing.
#include "brushwork/error.h"
#include "brushwork/modelfiles.h"
#include "networks/featurenetwork.h"
#include "formats/pthreader.h"
#include "formats/safetensors.h"
#include "testsupport.h"

#include <QtTest>

#include <cstring>
#include <fstream>
#include <random>

namespace pth = brushwork::pth;

namespace {

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

struct Storage {
    std::string key;
    torch::Tensor data;          ///< 1-D, in the dtype stored
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

std::string storageType(torch::ScalarType dtype)
{
    switch (dtype) {
    case torch::kFloat16: return "HalfStorage";
    case torch::kBFloat16: return "BFloat16Storage";
    case torch::kFloat64: return "DoubleStorage";
    case torch::kInt64: return "LongStorage";
    default: return "FloatStorage";
    }
}

const Storage& storageOf(const StateDict& dict, const std::string& key)
{
    for (const Storage& storage : dict.storages)
        if (storage.key == key)
            return storage;
    throw std::logic_error("no storage " + key);
}

std::string bytesOf(const torch::Tensor& data)
{
    const torch::Tensor contiguous = data.contiguous();
    return std::string(static_cast<const char*>(contiguous.data_ptr()),
                       std::size_t(contiguous.numel() * contiguous.element_size()));
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
    p.global("torch", storageType(storage.data.scalar_type()));
    p.string(storage.key);
    p.string("cpu");
    p.integer(storage.claimedNumel >= 0 ? storage.claimedNumel : storage.data.numel());
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

/// The pickle of state_dict(): an OrderedDict with a _metadata attribute.
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

/// torch.save(..., _use_new_zipfile_serialization=False): five pickles, then
/// each storage as an 8-byte element count and its bytes.
std::string legacyFile(const StateDict& dict, const std::string& mainPickle = {})
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
        const std::int64_t count = storage.recordCount >= 0 ? storage.recordCount : storage.data.numel();
        PickleWriter::appendLe(file, std::uint64_t(count), 8);
        file += bytesOf(storage.data);
    }
    return file;
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

using Entries = std::vector<std::pair<std::string, std::string>>;

/// A zip archive of stored entries, as PyTorch's writer makes them.
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

Entries zipEntries(const StateDict& dict, const std::string& folder, const std::string& pickle = {})
{
    Entries entries = {{folder + "/data.pkl", pickle.empty() ? statePickle(dict, false) : pickle},
                       {folder + "/byteorder", "little"}};
    for (const Storage& storage : dict.storages)
        entries.emplace_back(folder + "/data/" + storage.key, bytesOf(storage.data));
    entries.emplace_back(folder + "/version", "3\n");
    return entries;
}

std::string zipFile(const StateDict& dict, const std::string& pickle = {})
{
    return zipArchive(zipEntries(dict, "weights", pickle));
}

/// Three small tensors: float32, a float16 one rebuilt the 2017 way, and a
/// transposed view into the middle of a storage.
StateDict smallStateDict()
{
    StateDict dict;
    dict.storages = {{"0", torch::tensor({1.5f, -2.0f, 3.25f, 0.0f, 1e-3f, 7.0f})},
                     {"1", torch::tensor({0.5f, -1.25f, 3.0f, 1024.0f}).to(torch::kFloat16)},
                     {"2", torch::arange(8, torch::kFloat32) * 0.25f}};
    dict.tensors = {{"features.0.weight", "0", 0, {2, 3}, {3, 1}, Rebuild::Parameter},
                    {"features.0.bias", "1", 0, {4}, {1}, Rebuild::Old},
                    {"features.2.weight", "2", 2, {3, 2}, {1, 3}, Rebuild::V2}};
    return dict;
}

torch::Tensor expected(const StateDict& dict, const TensorSpec& tensor)
{
    return storageOf(dict, tensor.key).data.to(torch::kFloat32).as_strided(tensor.sizes, tensor.strides,
                                                                           tensor.offset);
}

std::map<std::string, torch::Tensor> parse(const std::string& file)
{
    return pth::parseStateDict(reinterpret_cast<const std::uint8_t*>(file.data()), file.size(), "test.pth");
}

void verifyRoundTrip(const StateDict& dict, const std::map<std::string, torch::Tensor>& loaded)
{
    QCOMPARE(loaded.size(), dict.tensors.size());
    for (const TensorSpec& tensor : dict.tensors) {
        const torch::Tensor& value = loaded.at(tensor.name);
        QCOMPARE(value.scalar_type(), torch::kFloat32);
        QVERIFY(value.is_contiguous());
        QCOMPARE(value.sizes().vec(), tensor.sizes);
        QVERIFY2(torch::equal(value, expected(dict, tensor)), tensor.name.c_str());
    }
}

/// Parses `file` and returns the error's text; fails the test if it parses.
QString refusal(const std::string& file)
{
    try {
        parse(file);
    } catch (const brushwork::Error& error) {
        if (error.kind() != brushwork::ErrorKind::BadInput)
            return "wrong kind: " + QString(error.what());
        return error.what();
    }
    return "accepted";
}

std::string osSystemPickle()
{
    PickleWriter p;
    p.global("os", "system");
    p.string("echo pwned");
    p.op('\x85');
    p.op('R');
    return p.finish();
}

QString writeFile(const QString& name, const std::string& bytes)
{
    const QString path = testsupport::scratchDir() + "/" + name;
    std::ofstream(path.toStdString(), std::ios::binary | std::ios::trunc) << bytes;
    return path;
}

/// The seeds of tests/fuzz/fuzz_pth.cpp: both formats, a checkpoint, code.
std::map<QString, std::string> fuzzSeeds()
{
    StateDict checkpoint = smallStateDict();
    checkpoint.checkpoint = true;
    return {{"legacy.pth", legacyFile(smallStateDict())},
            {"zip.pth", zipFile(smallStateDict())},
            {"checkpoint-zip.pth", zipFile(checkpoint)},
            {"os-system.pth", legacyFile(smallStateDict(), osSystemPickle())}};
}

} // namespace

class TestPthImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void legacyFormatRoundTrips();
    void zipFormatRoundTrips();
    void checkpointsAndEveryFloatTypeAreRead();
    void onlyWantedTensorsAreConverted();
    void codeIsRefusedByName_data();
    void codeIsRefusedByName();
    void badFilesAreRefused_data();
    void badFilesAreRefused();
    void everyTruncationIsRefused();
    void mutatedFilesNeverCrash();
    void pthFilesAreRecognisedByContent();
    void squeezeNetPthIsImported();
    void fuzzSeedsAreTheTestsFiles();
};

void TestPthImport::legacyFormatRoundTrips()
{
    const StateDict dict = smallStateDict();
    verifyRoundTrip(dict, parse(legacyFile(dict)));
}

void TestPthImport::zipFormatRoundTrips()
{
    const StateDict dict = smallStateDict();
    verifyRoundTrip(dict, parse(zipFile(dict)));
}

void TestPthImport::checkpointsAndEveryFloatTypeAreRead()
{
    StateDict dict;
    dict.checkpoint = true;
    dict.storages = {{"a", torch::tensor({0.1, -2.5, 1e300}, torch::kFloat64)},
                     {"b", torch::tensor({1.0f, -2.0f, 0.375f}).to(torch::kBFloat16)},
                     {"c", torch::rand({64})}};
    // Tensors sharing a storage, as tied weights do, and an empty one.
    dict.tensors = {{"double", "a", 0, {2}, {1}},
                    {"bfloat", "b", 0, {3}, {1}},
                    {"low", "c", 0, {4, 4}, {4, 1}},
                    {"high", "c", 32, {2, 16}, {16, 1}},
                    {"empty", "c", 64, {0, 3}, {3, 1}}};
    for (const std::string& file : {legacyFile(dict), zipFile(dict)}) {
        const auto loaded = parse(file);
        QCOMPARE(loaded.at("double")[0].item<float>(), 0.1f);
        QCOMPARE(loaded.at("double")[1].item<float>(), -2.5f);
        verifyRoundTrip(dict, loaded);
    }
}

void TestPthImport::onlyWantedTensorsAreConverted()
{
    const StateDict dict = smallStateDict();
    for (const std::string& file : {legacyFile(dict), zipFile(dict)}) {
        const auto loaded =
            pth::parseStateDict(reinterpret_cast<const std::uint8_t*>(file.data()), file.size(), "test.pth",
                                [](const std::string& name) { return name == "features.0.bias"; });
        QCOMPARE(loaded.size(), std::size_t(1));
        QVERIFY(loaded.count("features.0.bias"));
    }
}

void TestPthImport::codeIsRefusedByName_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("name");
    const StateDict dict = smallStateDict();
    QTest::newRow("os.system, older format") << QByteArray::fromStdString(legacyFile(dict, osSystemPickle()))
                                             << "os.system";
    QTest::newRow("os.system, zip format") << QByteArray::fromStdString(zipFile(dict, osSystemPickle()))
                                           << "os.system";
    QTest::newRow("os.system instead of the magic number")
        << QByteArray::fromStdString(osSystemPickle() + legacyFile(dict).substr(kMagicPickle.size())) << "os.system";

    // Protocol 4 names globals from strings on the stack.
    const std::string body = "\x8c\x08" "builtins" "\x94\x8c\x04" "eval" "\x94\x93\x94\x8c\x01" "1" "\x85R.";
    std::string frame("\x80\x04\x95", 3);
    PickleWriter::appendLe(frame, body.size(), 8);
    QTest::newRow("builtins.eval, protocol 4") << QByteArray::fromStdString(zipFile(dict, frame + body))
                                               << "builtins.eval";

    PickleWriter exec;
    exec.global("__builtin__", "exec");
    exec.string("import os");
    exec.op('\x85');
    exec.op('R');
    QTest::newRow("__builtin__.exec") << QByteArray::fromStdString(legacyFile(dict, exec.finish()))
                                      << "__builtin__.exec";

    // Inside a tensor, where PyTorch's own pickles put a storage.
    PickleWriter bytes;
    bytes.global("torch.storage", "_load_from_bytes");
    bytes.string("payload");
    bytes.op('\x85');
    bytes.op('R');
    QTest::newRow("torch.storage._load_from_bytes") << QByteArray::fromStdString(zipFile(dict, bytes.finish()))
                                                    << "torch.storage._load_from_bytes";
}

void TestPthImport::codeIsRefusedByName()
{
    QFETCH(QByteArray, file);
    QFETCH(QString, name);
    const QString message = refusal(file.toStdString());
    QVERIFY2(message.contains("(" + name + ")") && message.contains("never runs"), qPrintable(message));
}

void TestPthImport::badFilesAreRefused_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("expected");
    auto row = [](const char* name, const std::string& file, const char* expected) {
        QTest::newRow(name) << QByteArray::fromStdString(file) << QString(expected);
    };
    auto edited = [](auto edit) {
        StateDict dict = smallStateDict();
        edit(dict);
        return dict;
    };
    const StateDict good = smallStateDict();
    const std::string legacy = legacyFile(good);

    row("storage claims more than the file", legacyFile(edited([](StateDict& d) {
            d.storages[0].claimedNumel = 1ll << 40;
        })), "more than the");
    row("record shorter than its storage", legacyFile(edited([](StateDict& d) {
            d.storages[2].claimedNumel = 100;
            d.storages[2].recordCount = 100;
        })), "but the file has only");
    row("record count disagrees", legacyFile(edited([](StateDict& d) { d.storages[1].recordCount = 5; })),
        "were told 4");
    row("shape larger than its storage", legacyFile(edited([](StateDict& d) {
            d.tensors[0].sizes = {4, 4};
            d.tensors[0].strides = {4, 1};
        })), "reaches beyond its storage of 6");
    row("stride beyond its storage", legacyFile(edited([](StateDict& d) {
            d.tensors[1].sizes = {2};
            d.tensors[1].strides = {10};
        })), "reaches beyond");
    row("offset beyond its storage", legacyFile(edited([](StateDict& d) { d.tensors[2].offset = 7; })),
        "reaches beyond");
    row("stride 0 asking for a terabyte", legacyFile(edited([](StateDict& d) {
            d.tensors[0].sizes = {1ll << 40};
            d.tensors[0].strides = {0};
        })), "reaches beyond");
    row("sizes and strides disagree", legacyFile(edited([](StateDict& d) { d.tensors[0].strides = {1}; })),
        "2 sizes but 1 strides");
    row("integer tensor", legacyFile(edited([](StateDict& d) {
            d.storages[0].data = torch::arange(6, torch::kInt64);
        })), "features.0.weight is stored as torch.LongStorage");
    row("wrong magic number", "\x80\x02\x8a\x0a" + std::string(10, 'x') + "." + legacy.substr(kMagicPickle.size()),
        "magic number");
    row("not a pickle or zip", "hello, world", "neither");
    row("empty file", "", "neither");
    row("empty state dict", legacyFile(edited([](StateDict& d) { d.tensors.clear(); })), "no tensors");

    const std::string proto("\x80\x02", 2);
    row("deeply nested marks", legacyFile(good, proto + std::string(100000, '(') + "."), "marks");
    row("deeply nested tuples", legacyFile(good, proto + ")" + std::string(1000000, '\x85') + "."), "no state dict");
    row("list containing itself", legacyFile(good, proto + std::string("]q\x00h\x00" "a.", 6)), "no state dict");
    row("string longer than the file", legacyFile(good, proto + "X\xff\xff\xff\x7f" "abc."), "ends in the middle");
    row("recall of nothing", legacyFile(good, proto + "h\x05."), "never stored");
    row("item below a mark", legacyFile(good, proto + "]" "(a."), "empty stack");
    PickleWriter callStorage;
    callStorage.global("torch", "FloatStorage");
    callStorage.op(')');
    callStorage.op('R');
    row("storage type called", legacyFile(good, callStorage.finish()), "never does");

    Entries missing = zipEntries(good, "archive");
    missing.erase(missing.begin() + 3);
    row("zip storage missing", zipArchive(missing), "storage 1 is missing");
    std::string damaged = zipFile(good);
    damaged[damaged.find("\x00\x00\x50\x40", 0, 4) + 3] ^= 0x01;  // 3.25f in storage 0
    row("zip checksum wrong", damaged, "checksum");
    row("zip storage size disagrees", zipFile(edited([](StateDict& d) { d.storages[2].claimedNumel = 9; })),
        "storage 2 has 32 bytes but its 9 elements need 36");
    row("zip without data.pkl", zipArchive({{"archive/other.pkl", statePickle(good, false)}}), "no data.pkl");
    const std::string zip = zipFile(good);
    row("zip without its end", zip.substr(0, zip.size() - 10), "end-of-directory");
}

void TestPthImport::badFilesAreRefused()
{
    QFETCH(QByteArray, file);
    QFETCH(QString, expected);
    const QString message = refusal(file.toStdString());
    QVERIFY2(message.contains(expected), qPrintable(message));
}

void TestPthImport::everyTruncationIsRefused()
{
    const StateDict dict = smallStateDict();
    for (const std::string& file : {legacyFile(dict), zipFile(dict)})
        for (std::size_t length = 0; length < file.size(); ++length)
            QVERIFY2(refusal(file.substr(0, length)) != "accepted", qPrintable(QString::number(length)));
}

void TestPthImport::mutatedFilesNeverCrash()
{
    std::mt19937 random(7);
    const StateDict dict = smallStateDict();
    int parsed = 0;
    for (const std::string& original : {legacyFile(dict), zipFile(dict)}) {
        for (int round = 0; round < 3000; ++round) {
            std::string file = original;
            const int edits = 1 + int(random() % 4);
            for (int e = 0; e < edits; ++e)
                file[random() % file.size()] = char(random() & 0xff);
            try {
                parse(file);
                ++parsed;
            } catch (const brushwork::Error&) {
            }
        }
    }
    // Edits of tensor bytes leave valid files; edits of structure are refused.
    QVERIFY(parsed > 0);
}

void TestPthImport::pthFilesAreRecognisedByContent()
{
    const StateDict dict = smallStateDict();
    QVERIFY(pth::looksLikePth(writeFile("older.bin", legacyFile(dict)).toStdString()));
    QVERIFY(pth::looksLikePth(writeFile("zipped.bin", zipFile(dict)).toStdString()));
    QVERIFY(!pth::looksLikePth(writeFile("text.pth", "hello").toStdString()));
    // Sniffing goes through the one door for files read: a missing file is named, not guessed at.
    QVERIFY_THROWS_EXCEPTION(brushwork::Error, pth::looksLikePth((testsupport::scratchDir() + "/absent.pth").toStdString()));
    // A safetensors header of 0x...80 bytes also starts with 0x80.
    std::string header = R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})";
    header.append(0x80 - header.size(), ' ');
    const std::string safetensors = std::string("\x80\0\0\0\0\0\0\0", 8) + header + std::string(4, '\0');
    const QString path = writeFile("w.safetensors", safetensors);
    QVERIFY(!pth::looksLikePth(path.toStdString()));
    QCOMPARE(brushwork::safetensors::loadTensors(path.toStdString()).size(), std::size_t(1));
}

void TestPthImport::squeezeNetPthIsImported()
{
    // torchvision's squeezenet1_0 file: one storage per tensor, the older
    // format, a classifier the engine does not need.
    torch::manual_seed(11);
    StateDict dict;
    auto shapes = brushwork::parameterShapes(brushwork::NetworkKind::SqueezeNet);
    shapes.push_back({"classifier.1.weight", {1000, 512, 1, 1}});
    shapes.push_back({"classifier.1.bias", {1000}});
    for (const auto& parameter : shapes) {
        const std::string key = std::to_string(94000000 + dict.storages.size());
        const torch::Tensor values = torch::randn(parameter.shape);
        std::vector<std::int64_t> strides = values.strides().vec();
        dict.storages.push_back({key, values.flatten()});
        dict.tensors.push_back({parameter.name, key, 0, parameter.shape, strides, Rebuild::V2});
    }
    const QString source = writeFile("squeezenet1_0-test.pth", legacyFile(dict));

    const QString models = testsupport::scratchDir() + "/pth-models";
    qputenv("BRUSHWORK_MODEL_DIR", models.toUtf8());
    const std::string installed = brushwork::importWeights(source.toStdString());
    QCOMPARE(QString::fromStdString(installed), models + "/squeezenet1_0.safetensors");
    const auto tensors = brushwork::safetensors::loadTensors(installed);
    QCOMPARE(tensors.size(), shapes.size() - 2);
    for (const TensorSpec& tensor : dict.tensors) {
        if (tensor.name.rfind("classifier.", 0) == 0) {
            QVERIFY(!tensors.count(tensor.name));
            continue;
        }
        QVERIFY2(torch::equal(tensors.at(tensor.name), expected(dict, tensor)), tensor.name.c_str());
    }
    QCOMPARE(brushwork::loadFeatureNetwork(source.toStdString(), brushwork::NetworkKind::Auto)->kind(),
             brushwork::NetworkKind::SqueezeNet);
    qunsetenv("BRUSHWORK_MODEL_DIR");
}

void TestPthImport::fuzzSeedsAreTheTestsFiles()
{
    // BRUSHWORK_WRITE_FUZZ_SEEDS=1 rewrites them after a change of format.
    const QString folder = QStringLiteral(BRUSHWORK_SOURCE_DIR) + "/tests/fuzz/corpus/pth";
    for (const auto& [name, bytes] : fuzzSeeds()) {
        if (qEnvironmentVariableIsSet("BRUSHWORK_WRITE_FUZZ_SEEDS"))
            std::ofstream((folder + "/" + name).toStdString(), std::ios::binary | std::ios::trunc) << bytes;
        QFile seed(folder + "/" + name);
        QVERIFY2(seed.open(QIODevice::ReadOnly), qPrintable(seed.fileName()));
        QVERIFY2(seed.readAll().toStdString() == bytes, qPrintable(name));
    }
}

QTEST_APPLESS_MAIN(TestPthImport)
#include "tst_pthimport.moc"
