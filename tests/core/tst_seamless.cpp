// SPDX-License-Identifier: GPL-3.0-or-later
// Seamless pictures (StyleParams::seamless): the network, the smoothness
// term and the run see the picture as a torus, so it tiles without a seam.
#include "brushwork/engine.h"
#include "enginerun.h"
#include "networks/featurenetwork.h"
#include "networks/networkops.h"
#include "optimize/losses.h"
#include "testsupport.h"

#include <QtTest>

using namespace brushwork;

namespace {

/// Mean absolute difference of neighbouring pixels across the wrap-around
/// seams (last column to first, last row to first), and inside the picture
/// between neighbours at the same place in the networks' stride-2 and
/// stride-4 grids as the seam's (strided layers paint those pairs unlike
/// the others).
std::pair<double, double> seamAndInside(const cv::Mat& picture)
{
    const int w = picture.cols;
    const int h = picture.rows;
    const double seam = (testsupport::meanAbsDifference(picture.col(w - 1), picture.col(0)) +
                         testsupport::meanAbsDifference(picture.row(h - 1), picture.row(0))) /
                        2;
    double inside = 0;
    int pairs = 0;
    for (int x = (w - 1) % 4; x + 1 < w; x += 4, ++pairs)
        inside += testsupport::meanAbsDifference(picture.col(x + 1), picture.col(x));
    for (int y = (h - 1) % 4; y + 1 < h; y += 4, ++pairs)
        inside += testsupport::meanAbsDifference(picture.row(y + 1), picture.row(y));
    return {seam, inside / pairs};
}

} // namespace

class TestSeamless : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void wrappedFeaturesFollowAShiftRoundTheEdge_data();
    void wrappedFeaturesFollowAShiftRoundTheEdge();
    void wrapPadIsTheOppositeEdgesAndSendsTheirGradientBack();
    void wrappedSmoothnessSeesTheSeam();
    void aSeamlessPictureHasNoSeam_data();
    void aSeamlessPictureHasNoSeam();
};

void TestSeamless::wrappedFeaturesFollowAShiftRoundTheEdge_data()
{
    QTest::addColumn<int>("network");
    QTest::addColumn<QString>("layer");
    QTest::addColumn<int>("stride"); // of the layer, in pixels
    QTest::newRow("vgg19 relu3_1") << int(NetworkKind::Vgg19) << "relu3_1" << 4;
    QTest::newRow("squeezenet fire3") << int(NetworkKind::SqueezeNet) << "fire3" << 4;
}

void TestSeamless::wrappedFeaturesFollowAShiftRoundTheEdge()
{
    QFETCH(int, network);
    QFETCH(QString, layer);
    QFETCH(int, stride);
    const auto kind = NetworkKind(network);
    const auto net = loadFeatureNetwork(testsupport::randomWeightsPath(kind).toStdString(), kind);
    torch::manual_seed(1);
    const torch::Tensor picture = torch::rand({1, 3, 64, 64});
    const torch::Tensor shifted = picture.roll({2 * stride, 3 * stride}, {2, 3});
    const std::vector<int> layers = {net->layerIndex(layer.toStdString())};
    torch::NoGradGuard noGrad;
    auto features = [&](const torch::Tensor& x, Edges edges) {
        return net->features(x, layers, Pooling::Max, {}, {}, edges)[0];
    };
    const torch::Tensor wrapped = features(picture, Edges::Wrap).roll({2, 3}, {2, 3});
    QVERIFY(torch::allclose(features(shifted, Edges::Wrap), wrapped, 1e-4, 1e-4));
    // With zeros past the edge the shift does not commute: the test can fail.
    const torch::Tensor zero = features(picture, Edges::Zero).roll({2, 3}, {2, 3});
    QVERIFY(!torch::allclose(features(shifted, Edges::Zero), zero, 1e-4, 1e-4));
}

void TestSeamless::wrapPadIsTheOppositeEdgesAndSendsTheirGradientBack()
{
    torch::manual_seed(3);
    const torch::Tensor picture = torch::rand({1, 5, 6, 7}).contiguous(torch::MemoryFormat::ChannelsLast);
    const torch::Tensor weights = torch::rand({1, 5, 6 + 3, 7 + 3});
    auto run = [&](bool reference) {
        // Not a leaf: a leaf's gradient is laid out as the leaf, whatever the op returns.
        const torch::Tensor x = picture.clone().requires_grad_(true) * 1.0;
        // The definition: rows then columns, the far edge before, the near edge after.
        auto wrapped = [](const torch::Tensor& t, std::int64_t dim) {
            const std::int64_t size = t.size(dim);
            return torch::cat({t.narrow(dim, size - 2, 2), t, t.narrow(dim, 0, 1)}, dim);
        };
        const torch::Tensor padded = reference ? wrapped(wrapped(x, 2), 3) : wrapPad(x, 2, 1);
        return std::make_pair(padded.detach(), torch::autograd::grad({(padded * weights).sum()}, {x})[0]);
    };
    const auto [expected, expectedGradient] = run(true);
    const auto [padded, gradient] = run(false);
    QVERIFY(torch::equal(padded, expected));
    QVERIFY(torch::allclose(gradient, expectedGradient, 1e-6, 1e-6));
    // Laid out as the picture is, so the convolution after it reorders nothing.
    QVERIFY(padded.is_contiguous(torch::MemoryFormat::ChannelsLast));
    QVERIFY(gradient.is_contiguous(torch::MemoryFormat::ChannelsLast));
}

void TestSeamless::wrappedSmoothnessSeesTheSeam()
{
    // Left half 0, right half 1: one step inside, one more round the edge.
    torch::Tensor image = torch::zeros({1, 3, 4, 4});
    image.narrow(3, 2, 2).fill_(1);
    QCOMPARE(totalVariation(image).item<float>(), 0.25f * 4 / 3);
    QCOMPARE(totalVariation(image, true).item<float>(), 0.5f);
}

void TestSeamless::aSeamlessPictureHasNoSeam_data()
{
    QTest::addColumn<int>("network");
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("firstScale");
    QTest::addColumn<bool>("keepsPhoto");
    QTest::newRow("vgg19, one scale") << int(NetworkKind::Vgg19) << 64 << 128 << false;
    // The coarse picture is enlarged for the next scale: as a torus, or it brings a seam.
    QTest::newRow("squeezenet, two scales") << int(NetworkKind::SqueezeNet) << 128 << 64 << false;
    // A photo's edges do not meet: the picture keeps one made to (tileable()).
    QTest::newRow("vgg19, keeping a photo") << int(NetworkKind::Vgg19) << 64 << 128 << true;
}

void TestSeamless::aSeamlessPictureHasNoSeam()
{
    QFETCH(int, network);
    QFETCH(int, size);
    QFETCH(int, firstScale);
    QFETCH(bool, keepsPhoto);
    EngineOptions options = testsupport::randomVggOptions(Precision::Float32);
    options.network = NetworkKind(network);
    options.weightsPath = testsupport::randomWeightsPath(NetworkKind(network)).toStdString();
    StyleEngine engine(options);
    StyleJob job = testsupport::tinyJob(size, 60);
    job.params.firstScaleSide = firstScale;
    if (NetworkKind(network) != NetworkKind::Vgg19) {
        // tinyJob names VGG19's layers; SqueezeNet paints with its own.
        job.params.contentLayers.clear();
        job.params.styleLayers.clear();
    }
    job.params.init = InitKind::Noise;
    if (keepsPhoto) {
        job.content = testsupport::makeUnmatchedEdgesImage(job.content.cols, job.content.rows);
    } else {
        job.params.weights.content = 0;
    }
    const auto [plainSeam, plainInside] = seamAndInside(testsupport::recordRun(engine, job).result.image);
    job.params.seamless = true;
    const auto [seam, inside] = seamAndInside(testsupport::recordRun(engine, job).result.image);
    qInfo("seam / inside: %.3f seamless (%.4f / %.4f), %.3f without", seam / inside, seam, inside,
          plainSeam / plainInside);
    // Within a tenth of the inside, with room for the picture to differ a
    // little from CPU to CPU; enlarged without wrapping, the seam was 1.8.
    QVERIFY(seam <= 1.15 * inside);
    QVERIFY(plainSeam > 1.3 * plainInside);
}

QTEST_GUILESS_MAIN(TestSeamless)
#include "tst_seamless.moc"
