// SPDX-License-Identifier: GPL-3.0-or-later
// The .pth reader, on files written byte by byte (pthfiles.h): values
// round-trip exactly, code is refused by name, and damaged files are
// refused rather than crashing.
#include "brushwork/error.h"
#include "formats/pthreader.h"
#include "formats/safetensors.h"
#include "pthfiles.h"
#include "testsupport.h"

#include <QtTest>

#include <fstream>
#include <random>

namespace pth = brushwork::pth;
using namespace pthfiles;

namespace {

/// Three small tensors: float32, a float16 one rebuilt the 2017 way, and a
/// transposed view into the middle of a storage.
StateDict smallStateDict()
{
    StateDict dict;
    dict.storages = {{"0", StoredType::Float, {1.5, -2.0, 3.25, 0.0, double(1e-3f), 7.0}},
                     {"1", StoredType::Half, {0.5, -1.25, 3.0, 1024.0}},
                     {"2", StoredType::Float, {0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75}}};
    dict.tensors = {{"features.0.weight", "0", 0, {2, 3}, {3, 1}, Rebuild::Parameter},
                    {"features.0.bias", "1", 0, {4}, {1}, Rebuild::Old},
                    {"features.2.weight", "2", 2, {3, 2}, {1, 3}, Rebuild::V2}};
    return dict;
}

brushwork::FloatTensors parse(const std::string& file)
{
    return pth::parseStateDict(reinterpret_cast<const std::uint8_t*>(file.data()), file.size(), "test.pth");
}

void verifyRoundTrip(const StateDict& dict, const brushwork::FloatTensors& loaded)
{
    QCOMPARE(loaded.size(), dict.tensors.size());
    for (const TensorSpec& tensor : dict.tensors) {
        const brushwork::FloatTensor& value = loaded.at(tensor.name);
        QCOMPARE(value.shape, tensor.sizes);
        QVERIFY2(value.values == expectedValues(dict, tensor), tensor.name.c_str());
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
    Storage random{"c", StoredType::Float, {}};
    std::mt19937 generator(5);
    for (int i = 0; i < 64; ++i)
        random.values.push_back(std::uniform_real_distribution<float>(0, 1)(generator));
    dict.storages = {{"a", StoredType::Double, {0.1, -2.5, 1e300}},
                     {"b", StoredType::BFloat16, {1.0, -2.0, 0.375}},
                     random};
    // Tensors sharing a storage, as tied weights do, and an empty one.
    dict.tensors = {{"double", "a", 0, {2}, {1}},
                    {"bfloat", "b", 0, {3}, {1}},
                    {"low", "c", 0, {4, 4}, {4, 1}},
                    {"high", "c", 32, {2, 16}, {16, 1}},
                    {"empty", "c", 64, {0, 3}, {3, 1}}};
    for (const std::string& file : {legacyFile(dict), zipFile(dict)}) {
        const auto loaded = parse(file);
        QCOMPARE(loaded.at("double").values, std::vector<float>({0.1f, -2.5f}));
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
            d.storages[0].type = StoredType::Long;
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
