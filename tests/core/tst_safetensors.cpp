// SPDX-License-Identifier: GPL-3.0-or-later
// The safetensors reader trusts nothing in a file; the writer round-trips.
#include "brushwork/error.h"
#include "formats/safetensors.h"
#include "testsupport.h"

#include <QtTest>

#include <cmath>
#include <fstream>
#include <random>

namespace st = brushwork::safetensors;

namespace {

/// A file from a raw JSON header and data bytes, exactly as given.
QString writeRaw(const QString& name, const std::string& json, const std::string& data, std::uint64_t claimedLength = 0)
{
    const QString path = testsupport::scratchDir() + "/" + name;
    std::ofstream out(path.toStdString(), std::ios::binary | std::ios::trunc);
    const std::uint64_t length = claimedLength ? claimedLength : json.size();
    for (int i = 0; i < 8; ++i)
        out.put(char((length >> (8 * i)) & 0xff));
    out << json << data;
    return path;
}

/// Seeded uniform values in [0, 1) of `shape`.
brushwork::FloatTensor randomTensor(std::vector<std::int64_t> shape, unsigned seed)
{
    std::int64_t count = 1;
    for (std::int64_t size : shape)
        count *= size;
    std::mt19937 random(seed);
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
    brushwork::FloatTensor tensor{std::move(shape), std::vector<float>(std::size_t(count))};
    for (float& value : tensor.values)
        value = uniform(random);
    return tensor;
}

std::string floatBytes(std::initializer_list<float> values)
{
    std::string bytes;
    for (float v : values)
        bytes.append(reinterpret_cast<const char*>(&v), sizeof v);
    return bytes;
}

} // namespace

class TestSafetensors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripsFloat32AndMetadata();
    void roundTripsFloat16();
    void readsBFloat16();
    void loadsOnlyWantedTensors();
    void badFilesAreRefused_data();
    void badFilesAreRefused();
    void mutatedFilesNeverCrash();
};

void TestSafetensors::roundTripsFloat32AndMetadata()
{
    const brushwork::FloatTensor a = randomTensor({2, 3, 4}, 1);
    const brushwork::FloatTensor b{{5}, {0, 1, 2, 3, 4}};
    const QString path = testsupport::scratchDir() + "/roundtrip.safetensors";
    st::writeTensors(path.toStdString(), {{"a", a}, {"b", b}}, {{"format", "pt"}});
    const st::Header header = st::readHeader(path.toStdString());
    QCOMPARE(header.metadata.at("format"), std::string("pt"));
    QCOMPARE(header.dataOffset % 8, std::uint64_t(0));
    const auto loaded = st::loadTensors(path.toStdString());
    QCOMPARE(loaded.at("a").values, a.values);
    QCOMPARE(loaded.at("b").values, b.values);
    QCOMPARE(loaded.at("a").shape, a.shape);
}

void TestSafetensors::roundTripsFloat16()
{
    brushwork::FloatTensor a = randomTensor({16, 8}, 2);
    // 1/3 rounds to the nearest half, 0x3555; 65520 is past the largest half.
    a.values[0] = 1.0f / 3.0f;
    a.values[1] = 65520.0f;
    const QString path = testsupport::scratchDir() + "/half.safetensors";
    st::writeTensors(path.toStdString(), {{"a", a}}, {}, true);
    QCOMPARE(st::readHeader(path.toStdString()).tensors.at(0).dtype, std::string("F16"));
    QVERIFY_THROWS_EXCEPTION(brushwork::Error, st::loadTensors(path.toStdString()));
    a.values[1] = 0.5f;
    st::writeTensors(path.toStdString(), {{"a", a}}, {}, true);
    const brushwork::FloatTensor loaded = st::loadTensors(path.toStdString()).at("a");
    QCOMPARE(loaded.shape, a.shape);
    QCOMPARE(loaded.values[0], 0.333251953125f);
    for (std::size_t i = 0; i < a.values.size(); ++i)
        QVERIFY(std::abs(loaded.values[i] - a.values[i]) <= 1e-3f * (1 + std::abs(a.values[i])));
}

void TestSafetensors::readsBFloat16()
{
    // 1.0 and -2.0 in bfloat16 are the upper halves of their float32 bits.
    const std::string data("\x80\x3f\x00\xc0", 4);
    const QString path = writeRaw("bf16.safetensors",
                                  R"({"w":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}})", data);
    const brushwork::FloatTensor w = st::loadTensors(path.toStdString()).at("w");
    QCOMPARE(w.values, std::vector<float>({1.0f, -2.0f}));
}

void TestSafetensors::loadsOnlyWantedTensors()
{
    const QString path = testsupport::scratchDir() + "/wanted.safetensors";
    st::writeTensors(path.toStdString(), {{"keep", {{2}, {1, 1}}}, {"skip", {{3}, {0, 0, 0}}}});
    const auto loaded = st::loadTensors(path.toStdString(), [](const std::string& name) { return name == "keep"; });
    QCOMPARE(loaded.size(), std::size_t(1));
    QVERIFY(loaded.count("keep"));
}

void TestSafetensors::badFilesAreRefused_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<qulonglong>("claimedLength");
    QTest::addColumn<QString>("expected");
    const QByteArray eight = QByteArray::fromStdString(floatBytes({1, 2}));
    const QString good = R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
    QTest::newRow("truncated data") << good << eight.left(5) << 0ull << "data section has 5";
    QTest::newRow("header longer than file") << good << eight << 4096ull << "only";
    QTest::newRow("huge header length") << good << eight << (1ull << 60) << "more than any weights file";
    QTest::newRow("header not JSON") << "{\"w\": [1, 2" << eight << 0ull << "not valid JSON";
    QTest::newRow("header not an object") << "[1, 2, 3]" << eight << 0ull << "not a JSON object";
    QTest::newRow("offsets beyond data") << R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,800]}})" << eight
                                         << 0ull << "tensor w";
    QTest::newRow("offsets disagree with shape") << R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})"
                                                 << eight << 0ull << "does not match";
    QTest::newRow("overlapping tensors")
        << R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})"
        << eight << 0ull << "overlap";
    QTest::newRow("negative dimension") << R"({"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})" << eight
                                        << 0ull << "negative";
    QTest::newRow("integer weights") << R"({"w":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}})" << eight << 0ull
                                     << "I64";
    QTest::newRow("unknown dtype") << R"({"w":{"dtype":"F7","shape":[2],"data_offsets":[0,8]}})" << eight << 0ull
                                   << "unknown dtype F7";
    QTest::newRow("missing fields") << R"({"w":{"dtype":"F32"}})" << eight << 0ull << "lacks";
    QTest::newRow("overflowing shape")
        << R"({"w":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,8]}})" << eight << 0ull
        << "too large";
}

void TestSafetensors::badFilesAreRefused()
{
    QFETCH(QString, json);
    QFETCH(QByteArray, data);
    QFETCH(qulonglong, claimedLength);
    QFETCH(QString, expected);
    const QString path = writeRaw("bad.safetensors", json.toStdString(), data.toStdString(), claimedLength);
    try {
        st::loadTensors(path.toStdString());
        QFAIL("a bad file was accepted");
    } catch (const brushwork::Error& error) {
        QCOMPARE(error.kind(), brushwork::ErrorKind::BadInput);
        QVERIFY2(QString(error.what()).contains(expected), error.what());
        QVERIFY2(QString(error.what()).contains("bad.safetensors"), error.what());
    }
}

void TestSafetensors::mutatedFilesNeverCrash()
{
    const QString path = testsupport::scratchDir() + "/seed.safetensors";
    st::writeTensors(path.toStdString(), {{"a", randomTensor({3, 2}, 3)}, {"b", randomTensor({4}, 4)}}, {{"k", "v"}});
    std::ifstream in(path.toStdString(), std::ios::binary);
    const std::string original((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::mt19937 random(42);
    int refused = 0;
    for (int round = 0; round < 2000; ++round) {
        std::string mutated = original;
        const int flips = 1 + int(random() % 4);
        for (int i = 0; i < flips; ++i)
            mutated[random() % mutated.size()] = char(random() % 256);
        if (random() % 4 == 0)
            mutated.resize(random() % mutated.size());
        try {
            st::parseHeader(reinterpret_cast<const std::uint8_t*>(mutated.data()), mutated.size(), mutated.size(), "mutated");
        } catch (const brushwork::Error&) {
            ++refused;
        }
    }
    QVERIFY(refused > 100); // the mutations do reach the checks
}

QTEST_APPLESS_MAIN(TestSafetensors)
#include "tst_safetensors.moc"
