// SPDX-License-Identifier: GPL-3.0-or-later
// Loading feature networks from safetensors files and what they compute.
#include "brushwork/error.h"
#include "brushwork/modelfiles.h"
#include "networks/featurenetwork.h"
#include "formats/safetensors.h"
#include "networks/floattensors.h"
#include "pthfiles.h"
#include "testsupport.h"

#include <QtTest>

#include <fstream>
#include <random>

using brushwork::NetworkKind;

class TestNetworks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void recognisesTheNetworkFromTensorNames_data();
    void recognisesTheNetworkFromTensorNames();
    void featureShapes_data();
    void featureShapes();
    void stopsAtTheDeepestRequestedLayer();
    void cancelIsAskedAfterEveryLayer_data();
    void cancelIsAskedAfterEveryLayer();
    void averagePoolingChangesDeepFeatures();
    void ignoresExtraTensorsAndAcceptsFloat16();
    void missingTensorIsNamed();
    void wrongShapeNamesTensorAndBothShapes();
    void forcingTheWrongNetworkIsRefused();
    void unknownLayerListsTheValidOnes();
    void fileOfAnotherModelIsRefused();
    void importKeepsOnlyWhatTheEngineNeeds();
    void importOfAWrongShapeInstallsNothing();
    void squeezeNetPthIsImported();

private:
    /// Writes the tensors of `kind`'s random weights after `edit` changed them.
    QString editedWeights(NetworkKind kind, const QString& name,
                          const std::function<void(std::vector<std::pair<std::string, torch::Tensor>>&)>& edit);
};

QString TestNetworks::editedWeights(NetworkKind kind, const QString& name,
                                    const std::function<void(std::vector<std::pair<std::string, torch::Tensor>>&)>& edit)
{
    const auto loaded =
        brushwork::toTensors(brushwork::safetensors::loadTensors(testsupport::randomWeightsPath(kind).toStdString()));
    std::vector<std::pair<std::string, torch::Tensor>> tensors(loaded.begin(), loaded.end());
    edit(tensors);
    const QString path = testsupport::scratchDir() + "/" + name;
    brushwork::safetensors::writeTensors(path.toStdString(), brushwork::toFloatTensors(tensors));
    return path;
}

void TestNetworks::recognisesTheNetworkFromTensorNames_data()
{
    QTest::addColumn<NetworkKind>("kind");
    QTest::newRow("vgg19") << NetworkKind::Vgg19;
    QTest::newRow("squeezenet") << NetworkKind::SqueezeNet;
}

void TestNetworks::recognisesTheNetworkFromTensorNames()
{
    QFETCH(NetworkKind, kind);
    const auto network = brushwork::loadFeatureNetwork(testsupport::randomWeightsPath(kind).toStdString(), NetworkKind::Auto);
    QCOMPARE(network->kind(), kind);
    for (const std::string& layer : network->defaultContentLayers())
        QVERIFY(network->layerIndex(layer) >= 0);
    for (const auto& layer : network->defaultStyleLayers())
        QVERIFY(network->layerIndex(layer.layer) >= 0);
}

void TestNetworks::featureShapes_data()
{
    QTest::addColumn<NetworkKind>("kind");
    QTest::addColumn<QString>("layer");
    QTest::addColumn<QList<qint64>>("shape");
    // A 64x48 picture (width x height).
    QTest::newRow("vgg relu1_1") << NetworkKind::Vgg19 << "relu1_1" << QList<qint64>{1, 64, 48, 64};
    QTest::newRow("vgg relu3_1") << NetworkKind::Vgg19 << "relu3_1" << QList<qint64>{1, 256, 12, 16};
    QTest::newRow("vgg relu5_1") << NetworkKind::Vgg19 << "relu5_1" << QList<qint64>{1, 512, 3, 4};
    QTest::newRow("squeezenet relu1") << NetworkKind::SqueezeNet << "relu1" << QList<qint64>{1, 96, 21, 29};
    QTest::newRow("squeezenet fire4") << NetworkKind::SqueezeNet << "fire4" << QList<qint64>{1, 256, 10, 14};
    QTest::newRow("squeezenet fire9") << NetworkKind::SqueezeNet << "fire9" << QList<qint64>{1, 512, 2, 3};
}

void TestNetworks::featureShapes()
{
    QFETCH(NetworkKind, kind);
    QFETCH(QString, layer);
    QFETCH(QList<qint64>, shape);
    const auto network = brushwork::loadFeatureNetwork(testsupport::randomWeightsPath(kind).toStdString(), kind);
    const torch::Tensor picture = torch::rand({1, 3, 48, 64});
    const auto features = network->features(picture, {network->layerIndex(layer.toStdString())}, brushwork::Pooling::Max);
    QCOMPARE(features.size(), std::size_t(1));
    QCOMPARE(QList<qint64>(features[0].sizes().begin(), features[0].sizes().end()), shape);
    QVERIFY(features[0].abs().sum().item<float>() > 0);
}

void TestNetworks::stopsAtTheDeepestRequestedLayer()
{
    // A 4x4 picture survives two of VGG19's pools but not four: asking for
    // relu1_1 must not run the layers that would fail.
    const auto network = brushwork::loadFeatureNetwork(testsupport::randomWeightsPath().toStdString(), NetworkKind::Vgg19);
    const torch::Tensor tiny = torch::rand({1, 3, 4, 4});
    QCOMPARE(network->features(tiny, {network->layerIndex("relu1_1")}, brushwork::Pooling::Max)[0].size(1), 64);
    QVERIFY_THROWS_EXCEPTION(std::exception,
                             network->features(tiny, {network->layerIndex("relu5_1")}, brushwork::Pooling::Max));
}

void TestNetworks::cancelIsAskedAfterEveryLayer_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("deepest");
    QTest::newRow("vgg19") << int(NetworkKind::Vgg19) << "relu5_1";
    QTest::newRow("squeezenet") << int(NetworkKind::SqueezeNet) << "fire9";
}

// Ctrl-C must act within one layer of a pass that can take a minute, even
// where no tap is: every layer up to the deepest asks, and a yes stops there.
void TestNetworks::cancelIsAskedAfterEveryLayer()
{
    QFETCH(int, kind);
    QFETCH(QString, deepest);
    const auto network = brushwork::loadFeatureNetwork(testsupport::randomWeightsPath(NetworkKind(kind)).toStdString(),
                                                       NetworkKind(kind));
    const int layer = network->layerIndex(deepest.toStdString());
    const torch::Tensor picture = torch::rand({1, 3, 64, 64});
    int asked = 0;
    network->features(picture, {layer}, brushwork::Pooling::Max, {}, [&] { return ++asked < 0; });
    QCOMPARE(asked, layer + 1);
    asked = 0;
    QVERIFY_THROWS_EXCEPTION(brushwork::ForwardCancelled,
                             network->features(picture, {layer}, brushwork::Pooling::Max, {}, [&] { return ++asked == 3; }));
    QCOMPARE(asked, 3);
}

void TestNetworks::averagePoolingChangesDeepFeatures()
{
    const auto network = brushwork::loadFeatureNetwork(testsupport::randomWeightsPath().toStdString(), NetworkKind::Vgg19);
    const torch::Tensor picture = torch::rand({1, 3, 32, 32});
    const std::vector<int> layers = {network->layerIndex("relu1_1"), network->layerIndex("relu2_1")};
    const auto max = network->features(picture, layers, brushwork::Pooling::Max);
    const auto avg = network->features(picture, layers, brushwork::Pooling::Average);
    QVERIFY(torch::equal(max[0], avg[0])); // before the first pool
    QVERIFY(!torch::allclose(max[1], avg[1]));
}

void TestNetworks::ignoresExtraTensorsAndAcceptsFloat16()
{
    const auto loaded =
        brushwork::toTensors(brushwork::safetensors::loadTensors(testsupport::randomWeightsPath().toStdString()));
    std::vector<std::pair<std::string, torch::Tensor>> tensors(loaded.begin(), loaded.end());
    tensors.emplace_back("classifier.0.weight", torch::rand({10, 20}));
    const QString path = testsupport::scratchDir() + "/vgg19-f16-with-classifier.safetensors";
    brushwork::safetensors::writeTensors(path.toStdString(), brushwork::toFloatTensors(tensors), {}, true);
    const auto network = brushwork::loadFeatureNetwork(path.toStdString(), NetworkKind::Auto);
    QCOMPARE(network->kind(), NetworkKind::Vgg19);
}

void TestNetworks::missingTensorIsNamed()
{
    const QString path = editedWeights(NetworkKind::Vgg19, "missing.safetensors", [](auto& tensors) {
        tensors.erase(std::remove_if(tensors.begin(), tensors.end(),
                                     [](const auto& t) { return t.first == "features.21.weight"; }),
                      tensors.end());
    });
    try {
        brushwork::loadFeatureNetwork(path.toStdString(), NetworkKind::Auto);
        QFAIL("a file without features.21.weight was accepted");
    } catch (const brushwork::Error& error) {
        QCOMPARE(error.kind(), brushwork::ErrorKind::BadInput);
        QVERIFY2(QString(error.what()).contains("features.21.weight"), error.what());
        QVERIFY2(QString(error.what()).contains("missing"), error.what());
        QVERIFY2(QString(error.what()).contains("missing.safetensors"), error.what());
    }
}

void TestNetworks::wrongShapeNamesTensorAndBothShapes()
{
    const QString path = editedWeights(NetworkKind::Vgg19, "wrongshape.safetensors", [](auto& tensors) {
        for (auto& t : tensors)
            if (t.first == "features.10.weight")
                t.second = torch::zeros({256, 128, 5, 5});
    });
    try {
        brushwork::loadFeatureNetwork(path.toStdString(), NetworkKind::Auto);
        QFAIL("a wrongly shaped tensor was accepted");
    } catch (const brushwork::Error& error) {
        const QString message = error.what();
        QVERIFY2(message.contains("features.10.weight"), error.what());
        QVERIFY2(message.contains("[256, 128, 5, 5]"), error.what());
        QVERIFY2(message.contains("[256, 128, 3, 3]"), error.what());
    }
}

void TestNetworks::forcingTheWrongNetworkIsRefused()
{
    try {
        brushwork::loadFeatureNetwork(testsupport::randomWeightsPath(NetworkKind::Vgg19).toStdString(),
                                      NetworkKind::SqueezeNet);
        QFAIL("VGG19 weights were accepted as SqueezeNet");
    } catch (const brushwork::Error& error) {
        QVERIFY2(QString(error.what()).contains("features.0.weight"), error.what());
        QVERIFY2(QString(error.what()).contains("squeezenet"), error.what());
    }
}

void TestNetworks::unknownLayerListsTheValidOnes()
{
    const auto network = brushwork::loadFeatureNetwork(testsupport::randomWeightsPath().toStdString(), NetworkKind::Vgg19);
    try {
        network->layerIndex("relu9_9");
        QFAIL("an unknown layer was accepted");
    } catch (const brushwork::Error& error) {
        QCOMPARE(error.kind(), brushwork::ErrorKind::Usage);
        QVERIFY2(QString(error.what()).contains("relu9_9"), error.what());
        QVERIFY2(QString(error.what()).contains("relu4_2"), error.what());
    }
}

void TestNetworks::fileOfAnotherModelIsRefused()
{
    const QString path = testsupport::scratchDir() + "/other.safetensors";
    brushwork::safetensors::writeTensors(path.toStdString(),
                                         brushwork::toFloatTensors({{"encoder.weight", torch::rand({4, 4})}}));
    try {
        brushwork::loadFeatureNetwork(path.toStdString(), NetworkKind::Auto);
        QFAIL("a file of another model was accepted");
    } catch (const brushwork::Error& error) {
        QCOMPARE(error.kind(), brushwork::ErrorKind::BadInput);
        QVERIFY2(QString(error.what()).contains("VGG19"), error.what());
    }
}

void TestNetworks::importKeepsOnlyWhatTheEngineNeeds()
{
    const QString models = testsupport::scratchDir() + "/import-models";
    qputenv("BRUSHWORK_MODEL_DIR", models.toUtf8());
    const QString full = editedWeights(NetworkKind::Vgg19, "full-model.safetensors", [](auto& tensors) {
        tensors.emplace_back("classifier.6.weight", torch::rand({1000, 64}));
    });
    const std::string installed = brushwork::importWeights(full.toStdString());
    QCOMPARE(QString::fromStdString(installed), models + "/vgg19.safetensors");
    QCOMPARE(brushwork::installedWeights().value_or(""), installed);
    const auto header = brushwork::safetensors::readHeader(installed);
    QCOMPARE(header.tensors.size(), std::size_t(32)); // 16 convolutions, weight and bias
    for (const auto& tensor : header.tensors)
        QVERIFY2(QString::fromStdString(tensor.name).startsWith("features."), tensor.name.c_str());
    QCOMPARE(brushwork::loadFeatureNetwork(installed, NetworkKind::Auto)->kind(), NetworkKind::Vgg19);
    qunsetenv("BRUSHWORK_MODEL_DIR");
}

void TestNetworks::importOfAWrongShapeInstallsNothing()
{
    const QString models = testsupport::scratchDir() + "/refused-models";
    qputenv("BRUSHWORK_MODEL_DIR", models.toUtf8());
    const QString path = editedWeights(NetworkKind::Vgg19, "import-wrongshape.safetensors", [](auto& tensors) {
        for (auto& t : tensors)
            if (t.first == "features.28.weight")
                t.second = torch::zeros({512, 512, 1, 1});
    });
    try {
        brushwork::importWeights(path.toStdString());
        QFAIL("a wrongly shaped file was installed");
    } catch (const brushwork::Error& error) {
        QVERIFY2(QString(error.what()).contains("features.28.weight"), error.what());
    }
    QVERIFY(!brushwork::installedWeights());
    QVERIFY(QDir(models).entryList(QDir::Files).isEmpty());
    qunsetenv("BRUSHWORK_MODEL_DIR");
}

void TestNetworks::squeezeNetPthIsImported()
{
    // torchvision's squeezenet1_0 file: one storage per tensor, the older
    // format, a classifier the engine does not need.
    std::mt19937 random(11);
    std::normal_distribution<float> normal;
    pthfiles::StateDict dict;
    auto shapes = brushwork::parameterShapes(NetworkKind::SqueezeNet);
    shapes.push_back({"classifier.1.weight", {1000, 512, 1, 1}});
    shapes.push_back({"classifier.1.bias", {1000}});
    for (const auto& parameter : shapes) {
        pthfiles::Storage storage{std::to_string(94000000 + dict.storages.size()), pthfiles::StoredType::Float, {}};
        std::vector<std::int64_t> strides(parameter.shape.size(), 1);
        for (std::size_t d = strides.size() - 1; d-- > 0;)
            strides[d] = strides[d + 1] * parameter.shape[d + 1];
        for (std::int64_t i = 0; i < strides[0] * parameter.shape[0]; ++i)
            storage.values.push_back(normal(random));
        dict.tensors.push_back({parameter.name, storage.key, 0, parameter.shape, strides, pthfiles::Rebuild::V2});
        dict.storages.push_back(std::move(storage));
    }
    const QString source = testsupport::scratchDir() + "/squeezenet1_0-test.pth";
    std::ofstream(source.toStdString(), std::ios::binary | std::ios::trunc) << pthfiles::legacyFile(dict);

    const QString models = testsupport::scratchDir() + "/pth-models";
    qputenv("BRUSHWORK_MODEL_DIR", models.toUtf8());
    const std::string installed = brushwork::importWeights(source.toStdString());
    QCOMPARE(QString::fromStdString(installed), models + "/squeezenet1_0.safetensors");
    const auto tensors = brushwork::safetensors::loadTensors(installed);
    QCOMPARE(tensors.size(), shapes.size() - 2);
    for (const pthfiles::TensorSpec& tensor : dict.tensors) {
        if (tensor.name.rfind("classifier.", 0) == 0) {
            QVERIFY(!tensors.count(tensor.name));
            continue;
        }
        QVERIFY2(tensors.at(tensor.name).values == pthfiles::expectedValues(dict, tensor), tensor.name.c_str());
    }
    QCOMPARE(brushwork::loadFeatureNetwork(source.toStdString(), NetworkKind::Auto)->kind(), NetworkKind::SqueezeNet);
    qunsetenv("BRUSHWORK_MODEL_DIR");
}

QTEST_APPLESS_MAIN(TestNetworks)
#include "tst_networks.moc"
