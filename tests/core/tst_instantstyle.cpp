// SPDX-License-Identifier: GPL-3.0-or-later
// The built-in arbitrary-style networks: on real pictures they paint what an
// independent, naive NHWC forward pass paints; style strength, blends and
// odd sizes behave; damaged or unknown TFLite files are refused by name.
#include "brushwork/builtinmodels.h"
#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/instantstyle.h"
#include "formats/tflite_generated.h"
#include "formats/tflitemodel.h"
#include "instantstylereference.h"
#include "testsupport.h"

#include <QtTest>
#include <opencv2/imgproc.hpp>

#include <fstream>

using brushwork::InstantStyle;
using brushwork::StyleVector;
namespace tflite = brushwork::tflite;

namespace {

std::string builtin(const char* file)
{
    return brushwork::builtinModelPath(file);
}

/// A sample picture from ../shared at exactly `width`×`height` (resized here,
/// outside any comparison), or an empty Mat when ../shared is not here.
cv::Mat sample(const QString& name, int width, int height)
{
    const QString path = testsupport::sharedDir() + "/samples/" + name;
    if (testsupport::sharedDir().isEmpty() || !QFile::exists(path))
        return {};
    cv::Mat picture = brushwork::loadImage(path.toStdString());
    cv::resize(picture, picture, cv::Size(width, height), 0, 0, cv::INTER_AREA);
    return cv::max(cv::min(picture, 1.0), 0.0);
}

/// For looking at: BRUSHWORK_TEST_PICTURES=folder keeps the pictures.
void keep(const cv::Mat& picture, const QString& name)
{
    const QString folder = qEnvironmentVariable("BRUSHWORK_TEST_PICTURES");
    if (!folder.isEmpty())
        brushwork::saveImage((folder + "/" + name).toStdString(), picture);
}

torch::Tensor asTensor(const StyleVector& style)
{
    return torch::tensor(std::vector<float>(style.values.begin(), style.values.end()));
}

/// The message of the BadInput error that reading `path` throws, else a note.
QString readError(const std::string& path)
{
    try {
        tflite::Model model(path);
    } catch (const brushwork::Error& error) {
        return error.kind() == brushwork::ErrorKind::BadInput ? QString(error.what()) : "not BadInput";
    }
    return "no error";
}

std::string writeFile(const QString& name, const std::vector<std::uint8_t>& bytes)
{
    const std::string path = (testsupport::scratchDir() + "/" + name).toStdString();
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    return path;
}

std::vector<std::uint8_t> fileBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A one-tensor TFLite model: int8 [1, 1, 2, 3] with one scale per channel
/// of the last axis (as depthwise kernels are stored), used by one operator
/// of builtin code `op`.
std::vector<std::uint8_t> tinyModel(int op)
{
    namespace fb = tflite::schema;
    flatbuffers::FlatBufferBuilder builder;
    const std::vector<std::uint8_t> values = {1, std::uint8_t(-2), 3, 4, 5, std::uint8_t(-128)};
    const std::vector<flatbuffers::Offset<fb::Buffer>> buffers = {fb::CreateBuffer(builder),
                                                                  fb::CreateBufferDirect(builder, &values)};
    const std::vector<float> scales = {0.5f, 2.0f, 0.25f};
    const std::vector<std::int32_t> shape = {1, 1, 2, 3};
    const std::vector<flatbuffers::Offset<fb::Tensor>> tensors = {fb::CreateTensorDirect(
        builder, &shape, 9 /* INT8 */, 1, "kernel", fb::CreateQuantizationParametersDirect(builder, &scales, nullptr, 3))};
    const std::vector<std::int32_t> inputs = {0}, outputs = {};
    const std::vector<flatbuffers::Offset<fb::Operator>> operators = {
        fb::CreateOperatorDirect(builder, 0, &inputs, &outputs)};
    const std::vector<flatbuffers::Offset<fb::SubGraph>> graphs = {
        fb::CreateSubGraphDirect(builder, &tensors, &inputs, &outputs, &operators, "main")};
    const std::vector<flatbuffers::Offset<fb::OperatorCode>> codes = {
        fb::CreateOperatorCode(builder, std::int8_t(op), 0, 1, op)};
    fb::FinishModelBuffer(builder, fb::CreateModelDirect(builder, 3, &codes, &graphs, "tiny", &buffers));
    return {builder.GetBufferPointer(), builder.GetBufferPointer() + builder.GetSize()};
}

} // namespace

class TestInstantStyle : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void matchesTheNaiveForwardPass_data();
    void matchesTheNaiveForwardPass();
    void strengthZeroPaintsThePhotoInItsOwnStyle();
    void blendOfOnePaintingIsThatPainting();
    void keepsOddSizes_data();
    void keepsOddSizes();
    void aSeamlessPaintingTilesAtAnySize_data();
    void aSeamlessPaintingTilesAtAnySize();
    void regionsMeetRoundTheEdgeOfATorusAsInside();
    void perChannelScalesFollowTheirAxis();
    void unknownOperatorIsRefusedNamingTheFile();
    void damagedFilesAreRefusedNamingTheFile_data();
    void damagedFilesAreRefusedNamingTheFile();
    void missingBuiltinNetworkSaysWhereItLooked();

private:
    std::unique_ptr<InstantStyle> mNetwork;
};

void TestInstantStyle::initTestCase()
{
    mNetwork = std::make_unique<InstantStyle>(brushwork::DeviceKind::Cpu);
}

void TestInstantStyle::matchesTheNaiveForwardPass_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::newRow("384x384") << 384 << 384;
    QTest::newRow("512x340, the photo's own aspect") << 512 << 340;
}

void TestInstantStyle::matchesTheNaiveForwardPass()
{
    QFETCH(int, width);
    QFETCH(int, height);
    const cv::Mat photo = sample("chelsea.png", width, height);
    const cv::Mat painting = sample("starry_night.jpg", 256, 256);
    if (photo.empty() || painting.empty())
        QSKIP("../shared/samples is not here");
    const tflite::Model predictor(builtin(brushwork::kStylePredictorFile));
    const tflite::Model transformer(builtin(brushwork::kStyleTransformerFile));

    const StyleVector style = mNetwork->styleOf(painting);
    const torch::Tensor expectedStyle = reference::predictStyle(predictor, painting);
    const double styleError = (asTensor(style) - expectedStyle).abs().max().item<double>();
    qInfo("style vector: largest difference %.2g (values up to %.2f)", styleError,
          expectedStyle.abs().max().item<double>());
    QVERIFY2(styleError < 1e-3, qPrintable(QString("style vectors differ by %1").arg(styleError)));

    const cv::Mat painted = mNetwork->paint(photo, style);
    const cv::Mat expected = reference::transform(transformer, photo, expectedStyle);
    keep(painted, QString("instant_%1x%2.png").arg(width).arg(height));
    keep(expected, QString("instant_%1x%2_reference.png").arg(width).arg(height));
    QCOMPARE(painted.size(), photo.size());
    const double difference = testsupport::meanAbsDifference(painted, expected);
    qInfo("mean difference from the naive forward pass: %.3g/255", difference * 255);
    QVERIFY2(difference <= 1.0 / 255, qPrintable(QString("mean difference %1/255").arg(difference * 255)));
    // Starry Night changes the cat a lot; agreeing on an unchanged photo would prove nothing.
    QVERIFY(testsupport::meanAbsDifference(painted, photo) > 0.08);
}

void TestInstantStyle::strengthZeroPaintsThePhotoInItsOwnStyle()
{
    const cv::Mat photo = sample("chelsea.png", 192, 128);
    const cv::Mat painting = sample("starry_night.jpg", 256, 256);
    if (photo.empty() || painting.empty())
        QSKIP("../shared/samples is not here");
    brushwork::InstantStyleOptions options;
    options.size = 0;
    options.device = brushwork::DeviceKind::Cpu;
    options.strength = 0.0f;
    const cv::Mat own = mNetwork->paint(photo, mNetwork->styleOf(photo));
    const cv::Mat none = brushwork::transferStyle(photo, painting, options);
    options.strength = 1.0f;
    const cv::Mat full = brushwork::transferStyle(photo, painting, options);
    options.strength = 0.5f;
    const cv::Mat half = brushwork::transferStyle(photo, painting, options);
    keep(none, "instant_strength0.png");
    keep(half, "instant_strength05.png");
    QVERIFY(testsupport::meanAbsDifference(none, own) < 1e-5);
    QVERIFY(testsupport::meanAbsDifference(full, own) > 0.05);
    // Half way lies between the two.
    const double toOwn = testsupport::meanAbsDifference(half, own), toFull = testsupport::meanAbsDifference(half, full);
    QVERIFY(toOwn > 0.01 && toFull > 0.01);
    QVERIFY(toOwn < testsupport::meanAbsDifference(full, own));
}

void TestInstantStyle::blendOfOnePaintingIsThatPainting()
{
    StyleVector a, b;
    for (std::size_t k = 0; k < StyleVector::kSize; ++k) {
        a.values[k] = float(k);
        b.values[k] = -1.0f;
    }
    const std::vector<StyleVector> both = {a, b};
    const StyleVector onlyA = brushwork::blendStyleVectors(both, std::vector<float>{1.0f, 0.0f});
    const StyleVector mostlyA = brushwork::blendStyleVectors(both, std::vector<float>{3.0f, 1.0f});
    const StyleVector halves = brushwork::blendStyleVectors(both);
    QVERIFY(onlyA.values == a.values);
    QCOMPARE(mostlyA.values[4], 0.75f * 4 - 0.25f);
    QCOMPARE(halves.values[2], 0.5f);
    QVERIFY_THROWS_EXCEPTION(brushwork::Error, brushwork::blendStyleVectors({a, b}, {1.0f}));
    QVERIFY_THROWS_EXCEPTION(brushwork::Error, brushwork::blendStyleVectors({a, b}, {0.0f, 0.0f}));
}

void TestInstantStyle::keepsOddSizes_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::newRow("97x61") << 97 << 61;
    QTest::newRow("tall 33x130") << 33 << 130;
    QTest::newRow("tiny 5x3") << 5 << 3;
}

void TestInstantStyle::keepsOddSizes()
{
    QFETCH(int, width);
    QFETCH(int, height);
    const cv::Mat photo = testsupport::makeContentImage(width, height);
    StyleVector style;
    style.values.fill(0.3f);
    const cv::Mat painted = mNetwork->paint(photo, style);
    QCOMPARE(painted.size(), photo.size());
    QCOMPARE(painted.type(), CV_32FC3);
    double low, high;
    cv::minMaxLoc(painted.reshape(1), &low, &high);
    QVERIFY(low >= 0.0 && high <= 1.0 && high > low);
}

void TestInstantStyle::aSeamlessPaintingTilesAtAnySize_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::newRow("multiples of 4, 96x64") << 96 << 64;
    QTest::newRow("odd 97x61") << 97 << 61;
}

void TestInstantStyle::aSeamlessPaintingTilesAtAnySize()
{
    QFETCH(int, width);
    QFETCH(int, height);
    const cv::Mat photo = testsupport::makeUnmatchedEdgesImage(width, height);
    StyleVector style;
    style.values.fill(0.3f);
    auto seamOverInside = [](const cv::Mat& picture) {
        const double seam = (testsupport::meanAbsDifference(picture.col(picture.cols - 1), picture.col(0)) +
                             testsupport::meanAbsDifference(picture.row(picture.rows - 1), picture.row(0))) / 2;
        double inside = 0;
        for (int x = 0; x + 1 < picture.cols; ++x)
            inside += testsupport::meanAbsDifference(picture.col(x + 1), picture.col(x));
        for (int y = 0; y + 1 < picture.rows; ++y)
            inside += testsupport::meanAbsDifference(picture.row(y + 1), picture.row(y));
        return seam / (inside / (picture.cols + picture.rows - 2));
    };
    const cv::Mat seamless = brushwork::paintRegions(*mNetwork, photo, {style}, style, {}, true);
    const cv::Mat plain = brushwork::paintRegions(*mNetwork, photo, {style}, style, {}, false);
    keep(seamless, QString("instant_seamless_%1x%2.png").arg(width).arg(height));
    QCOMPARE(seamless.size(), photo.size());
    qInfo("seam / inside: %.2f seamless, %.2f without", seamOverInside(seamless), seamOverInside(plain));
    // Painted as a torus from a photo made to meet round its edges; painted
    // plainly the photo's own seam stays.
    QVERIFY(seamOverInside(seamless) < 1.5);
    QVERIFY(seamOverInside(plain) > 3.0);
}

void TestInstantStyle::regionsMeetRoundTheEdgeOfATorusAsInside()
{
    // Two regions, the left half in one style and the right half in
    // another: they meet in the middle, and on a torus again round the edge.
    const int width = 200, height = 100;
    const cv::Mat photo(height, width, CV_32FC3, cv::Scalar::all(0.5));
    StyleVector light, dark;
    light.values.fill(0.5f);
    dark.values.fill(-0.5f);
    std::vector<brushwork::Region> regions(2);
    for (int r = 0; r < 2; ++r) {
        regions[r].painting = r;
        regions[r].mask = cv::Mat(height, width, CV_32FC1, cv::Scalar(0));
        regions[r].mask.colRange(r * width / 2, (r + 1) * width / 2).setTo(1);
    }
    const cv::Mat painted = brushwork::paintRegions(*mNetwork, photo, {light, dark}, light, regions, true);
    keep(painted, "instant_seamless_regions.png");
    auto step = [&](int x) { return testsupport::meanAbsDifference(painted.col((x + 1) % width), painted.col(x)); };
    double middle = 0;
    for (int x = width / 2 - 6; x < width / 2 + 6; ++x)
        middle = std::max(middle, step(x));
    qInfo("steepest step where the regions meet: %.4f in the middle, %.4f round the edge", middle, step(width - 1));
    // The styles differ: the regions' meeting shows.
    QVERIFY(middle > 4 * step(width / 4));
    // Feathered round the edge as in the middle, not cut.
    QVERIFY(step(width - 1) < 1.5 * middle);
}

void TestInstantStyle::perChannelScalesFollowTheirAxis()
{
    const tflite::Model model(tinyModel(4 /* DEPTHWISE_CONV_2D */), "tiny.tflite");
    const brushwork::FloatTensor kernel = model.floats("kernel", {1, 1, 2, 3});
    // Channel = last index: scales 0.5, 2, 0.25 repeat along the row.
    const std::vector<float> expected = {0.5f, -4.0f, 0.75f, 2.0f, 10.0f, -32.0f};
    QCOMPARE(kernel.values, expected);
    QCOMPARE(model.operators().size(), std::size_t(1));
}

void TestInstantStyle::unknownOperatorIsRefusedNamingTheFile()
{
    const std::string path = writeFile("reshape.tflite", tinyModel(22 /* RESHAPE */));
    const QString message = readError(path);
    QVERIFY2(message.contains(QString::fromStdString(path)) && message.contains("operator 22"), qPrintable(message));
}

void TestInstantStyle::damagedFilesAreRefusedNamingTheFile_data()
{
    QTest::addColumn<QString>("damage");
    QTest::newRow("truncated") << "truncated";
    QTest::newRow("bytes overwritten") << "overwritten";
    QTest::newRow("a picture") << "picture";
}

void TestInstantStyle::damagedFilesAreRefusedNamingTheFile()
{
    QFETCH(QString, damage);
    std::vector<std::uint8_t> bytes = fileBytes(builtin(brushwork::kStyleTransformerFile));
    if (damage == "truncated")
        bytes.resize(bytes.size() / 2);
    else if (damage == "overwritten")
        std::fill(bytes.begin() + 8, bytes.begin() + 64, std::uint8_t(0xff));
    else
        bytes = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
    const std::string path = writeFile("damaged-" + damage + ".tflite", bytes);
    const QString message = readError(path);
    QVERIFY2(message.contains(QString::fromStdString(path)), qPrintable(message));
    try {
        InstantStyle network(builtin(brushwork::kStylePredictorFile), path, brushwork::DeviceKind::Cpu);
        QFAIL("a damaged network was loaded");
    } catch (const brushwork::Error& error) {
        QCOMPARE(error.kind(), brushwork::ErrorKind::BadInput);
        QCOMPARE(QString::fromStdString(error.file()), QString::fromStdString(path));
    }
}

void TestInstantStyle::missingBuiltinNetworkSaysWhereItLooked()
{
    const QString empty = testsupport::scratchDir() + "/no-builtin-models";
    QDir().mkpath(empty);
    qputenv("BRUSHWORK_BUILTIN_MODEL_DIR", empty.toUtf8());
    try {
        InstantStyle network(brushwork::DeviceKind::Cpu);
        qunsetenv("BRUSHWORK_BUILTIN_MODEL_DIR");
        QFAIL("networks were found in an empty folder");
    } catch (const brushwork::Error& error) {
        qunsetenv("BRUSHWORK_BUILTIN_MODEL_DIR");
        const QString message = error.what();
        QCOMPARE(error.kind(), brushwork::ErrorKind::BadInput);
        const bool namesAFile =
            message.contains(brushwork::kStylePredictorFile) || message.contains(brushwork::kStyleTransformerFile);
        QVERIFY2(namesAFile && message.contains("not installed") && message.contains(empty), qPrintable(message));
    }
}

QTEST_GUILESS_MAIN(TestInstantStyle)
#include "tst_instantstyle.moc"
