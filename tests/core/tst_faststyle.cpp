// SPDX-License-Identifier: GPL-3.0-or-later
// Fast style networks: the real pretrained ones (in ../shared) paint what an
// independent, naive forward pass paints; broken files are refused naming the
// tensor; any picture size comes back unchanged; the licence rule holds.
#include "brushwork/error.h"
#include "brushwork/faststyle.h"
#include "brushwork/image.h"
#include "networks/faststylelayout.h"
#include "faststylereference.h"
#include "formats/safetensors.h"
#include "networks/floattensors.h"
#include "testsupport.h"
#include "networks/upsampleconv.h"

#include <QtTest>

using brushwork::FastStyleLayout;
using brushwork::FastStyleNetwork;

namespace {

/// A model file from ../shared/models, or an empty string when it is not here.
QString sharedModel(const QString& relative)
{
    const QString shared = testsupport::sharedDir();
    const QString path = shared + "/models/" + relative;
    return !shared.isEmpty() && QFile::exists(path) ? path : QString();
}

/// Seeded random weights of `layout`, small enough that the activations stay
/// finite; `edit` may change the tensors before they are written.
using TensorList = std::vector<std::pair<std::string, torch::Tensor>>;

QString randomNetwork(FastStyleLayout layout, const QString& name,
                      const std::map<std::string, std::string>& metadata = {},
                      const std::function<void(TensorList&)>& edit = {})
{
    torch::manual_seed(7);
    TensorList tensors;
    for (const auto& tensor : brushwork::layoutTensors(layout))
        tensors.emplace_back(tensor.name, tensor.shape.size() == 1 ? torch::rand(tensor.shape) + 0.5
                                                                   : torch::randn(tensor.shape) * 0.05);
    if (edit)
        edit(tensors);
    const QString path = testsupport::scratchDir() + "/" + name;
    brushwork::safetensors::writeTensors(path.toStdString(), brushwork::toFloatTensors(tensors), metadata);
    return path;
}

/// The message of the Error that loading `path` throws (empty when none is thrown).
QString loadError(const QString& path)
{
    try {
        FastStyleNetwork network(path.toStdString());
    } catch (const brushwork::Error& error) {
        return error.kind() == brushwork::ErrorKind::BadInput ? QString(error.what()) : "not BadInput";
    }
    return {};
}

/// Chelsea the cat at 256 px, cropped to sides that are multiples of 4 so the
/// naive reference needs no padding of its own.
cv::Mat chelsea()
{
    const cv::Mat photo = brushwork::resizeToLongSide(
        brushwork::loadImage((testsupport::sharedDir() + "/samples/chelsea.png").toStdString()), 256);
    return photo(cv::Rect(0, 0, photo.cols / 4 * 4, photo.rows / 4 * 4)).clone();
}

} // namespace

class TestFastStyle : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesTheNaiveForwardPass_data();
    void matchesTheNaiveForwardPass();
    void recognisesLayoutAndStyleName_data();
    void recognisesLayoutAndStyleName();
    void missingTensorIsNamed();
    void wrongShapeNamesTensorAndBothShapes();
    void fileOfAnotherModelIsRefused();
    void upsamplingWithoutTheBigPictureIsExact();
    void keepsAnyPictureSize_data();
    void keepsAnyPictureSize();
    void transferStyleIsApplyOfTheLoadedNetwork();
    void licenceRuleKeepsEngstromsClassicsFromUsers();
    void licenceRuleOfTheSharedModels();
};

void TestFastStyle::matchesTheNaiveForwardPass_data()
{
    QTest::addColumn<QString>("model");
    QTest::newRow("engstrom wave") << "fast-style/wave.safetensors";
    QTest::newRow("pytorch-examples candy") << "fast-style-pytorch/candy.safetensors";
}

void TestFastStyle::matchesTheNaiveForwardPass()
{
    QFETCH(QString, model);
    const QString path = sharedModel(model);
    if (path.isEmpty())
        QSKIP("../shared/models and samples are not here");
    const cv::Mat photo = chelsea();
    const FastStyleNetwork network(path.toStdString());
    const cv::Mat painted = network.apply(photo);

    const auto weights = brushwork::toTensors(brushwork::safetensors::loadTensors(path.toStdString()));
    const cv::Mat expected = network.architecture() == "engstrom-2016" ? reference::engstrom(weights, photo)
                                                                       : reference::pytorchExamples(weights, photo);
    QCOMPARE(painted.size(), photo.size());
    const double difference = testsupport::meanAbsDifference(painted, expected);
    qInfo("mean difference from the naive forward pass: %.2g/255", difference * 255);
    QVERIFY2(difference < 2.0 / 255, qPrintable(QString("mean difference %1/255").arg(difference * 255)));
    // A real style changes the photo a lot; agreeing on an unchanged photo would prove nothing.
    QVERIFY(testsupport::meanAbsDifference(painted, photo) > 0.05);
}

void TestFastStyle::recognisesLayoutAndStyleName_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("architecture");
    QTest::addColumn<QString>("style");
    QTest::newRow("metadata") << "fast-style/matta.safetensors" << "engstrom-2016" << "matta";
    QTest::newRow("file name") << "fast-style-pytorch/mosaic.safetensors" << "pytorch-examples" << "mosaic";
}

void TestFastStyle::recognisesLayoutAndStyleName()
{
    QFETCH(QString, model);
    QFETCH(QString, architecture);
    QFETCH(QString, style);
    const QString path = sharedModel(model);
    if (path.isEmpty())
        QSKIP("../shared/models is not here");
    QVERIFY(brushwork::isFastStyleFile(path.toStdString()));
    const FastStyleNetwork network(path.toStdString());
    QCOMPARE(QString::fromStdString(network.architecture()), architecture);
    QCOMPARE(QString::fromStdString(network.styleName()), style);
}

void TestFastStyle::missingTensorIsNamed()
{
    const QString path = randomNetwork(FastStyleLayout::PytorchExamples, "missing.safetensors", {}, [](auto& tensors) {
        tensors.erase(std::remove_if(tensors.begin(), tensors.end(),
                                     [](const auto& t) { return t.first == "res3.in2.bias"; }),
                      tensors.end());
    });
    const QString message = loadError(path);
    QVERIFY2(message.contains("res3.in2.bias") && message.contains("missing"), qPrintable(message));
    QVERIFY2(message.contains("missing.safetensors"), qPrintable(message));
    QVERIFY(!brushwork::isFastStyleFile(path.toStdString()));
}

void TestFastStyle::wrongShapeNamesTensorAndBothShapes()
{
    const QString path = randomNetwork(FastStyleLayout::Engstrom2016, "wrongshape.safetensors", {}, [](auto& tensors) {
        for (auto& t : tensors)
            if (t.first == "deconv1.weight")
                t.second = torch::zeros({64, 128, 3, 3}); // (out, in) as a plain convolution would store it
    });
    const QString message = loadError(path);
    QVERIFY2(message.contains("deconv1.weight"), qPrintable(message));
    QVERIFY2(message.contains("[64, 128, 3, 3]") && message.contains("[128, 64, 3, 3]"), qPrintable(message));
    QVERIFY2(message.contains("wrongshape.safetensors"), qPrintable(message));
}

void TestFastStyle::fileOfAnotherModelIsRefused()
{
    const QString vgg = testsupport::randomWeightsPath(brushwork::NetworkKind::Vgg19);
    QVERIFY2(loadError(vgg).contains("not a fast style network"), qPrintable(loadError(vgg)));
    QVERIFY(!brushwork::isFastStyleFile(vgg.toStdString()));
    QVERIFY(!brushwork::isFastStyleFile((testsupport::scratchDir() + "/no-such-file.safetensors").toStdString()));
}

void TestFastStyle::upsamplingWithoutTheBigPictureIsExact()
{
    torch::manual_seed(3);
    const torch::Tensor x = torch::randn({1, 6, 5, 7});
    const torch::Tensor weight = torch::randn({4, 6, 3, 3});
    const torch::Tensor bias = torch::randn({4});
    const torch::Tensor expected = torch::conv2d(
        torch::reflection_pad2d(at::upsample_nearest2d(x, {10, 14}), {1, 1, 1, 1}), weight, bias);
    const torch::Tensor folded = brushwork::upsampleConv(brushwork::foldUpsampleConv(weight, bias), x);
    QCOMPARE(folded.sizes(), expected.sizes());
    QVERIFY(torch::allclose(folded, expected, 1e-4, 1e-4));
}

void TestFastStyle::keepsAnyPictureSize_data()
{
    QTest::addColumn<FastStyleLayout>("layout");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    for (auto layout : {FastStyleLayout::Engstrom2016, FastStyleLayout::PytorchExamples}) {
        const QByteArray name = brushwork::layoutName(layout);
        QTest::newRow(name + " 37x53") << layout << 37 << 53;
        QTest::newRow(name + " 64x30") << layout << 64 << 30;
        QTest::newRow(name + " 3x2") << layout << 3 << 2;
    }
}

void TestFastStyle::keepsAnyPictureSize()
{
    QFETCH(FastStyleLayout, layout);
    QFETCH(int, width);
    QFETCH(int, height);
    const FastStyleNetwork network(randomNetwork(layout, "sizes.safetensors").toStdString());
    const cv::Mat painted = network.apply(testsupport::makeContentImage(width, height));
    QCOMPARE(painted.cols, width);
    QCOMPARE(painted.rows, height);
    QCOMPARE(painted.type(), CV_32FC3);
    double low = 0, high = 0;
    cv::minMaxLoc(painted.reshape(1), &low, &high);
    QVERIFY(low >= 0 && high <= 1);
}

void TestFastStyle::transferStyleIsApplyOfTheLoadedNetwork()
{
    const QString path = randomNetwork(FastStyleLayout::Engstrom2016, "transfer.safetensors");
    const cv::Mat photo = testsupport::makeContentImage(40, 24);
    const cv::Mat once = brushwork::transferStyle(photo, path.toStdString());
    QCOMPARE(testsupport::meanAbsDifference(once, FastStyleNetwork(path.toStdString()).apply(photo)), 0.0);
}

void TestFastStyle::licenceRuleKeepsEngstromsClassicsFromUsers()
{
    // The rule goes by layout and style name: pytorch-examples has its own,
    // freely licensed udnie.
    auto offered = [](FastStyleLayout layout, const std::string& style, const QString& file) {
        return brushwork::mayOfferToUsers(randomNetwork(layout, file, {{"style", style}}).toStdString());
    };
    QVERIFY(!offered(FastStyleLayout::Engstrom2016, "udnie", "a.safetensors"));
    QVERIFY(offered(FastStyleLayout::PytorchExamples, "udnie", "b.safetensors"));
    QVERIFY(offered(FastStyleLayout::Engstrom2016, "mathura", "c.safetensors"));
    // Without metadata the file name is the style's name.
    const QString wreck = randomNetwork(FastStyleLayout::Engstrom2016, "wreck.safetensors");
    QVERIFY(!brushwork::mayOfferToUsers(wreck.toStdString()));
    QVERIFY(!FastStyleNetwork(wreck.toStdString()).mayOfferToUsers());
}

void TestFastStyle::licenceRuleOfTheSharedModels()
{
    const QString shared = testsupport::sharedDir();
    if (shared.isEmpty() || !QDir(shared + "/models/fast-style").exists())
        QSKIP("../shared/models is not here");
    const QSet<QString> researchOnly = {"la_muse", "rain_princess", "scream", "udnie", "wave", "wreck"};
    int checked = 0;
    for (const QString folder : {"fast-style", "fast-style-pytorch"}) {
        const QDir dir(shared + "/models/" + folder);
        for (const QFileInfo& file : dir.entryInfoList({"*.safetensors"})) {
            const bool expected = folder == "fast-style-pytorch" || !researchOnly.contains(file.completeBaseName());
            QVERIFY2(brushwork::mayOfferToUsers(file.filePath().toStdString()) == expected,
                     qPrintable(file.filePath()));
            ++checked;
        }
    }
    QCOMPARE(checked, 14);
}

QTEST_APPLESS_MAIN(TestFastStyle)
#include "tst_faststyle.moc"
