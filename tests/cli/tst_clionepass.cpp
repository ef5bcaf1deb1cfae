// SPDX-License-Identifier: GPL-3.0-or-later
// The commands that paint in one pass of a network: brushwork-cli fast with
// a style network, and instant with the built-in networks.
#include "brushwork/builtinmodels.h"
#include "clifixture.h"
#include "testsupport.h"

#include <QImage>
#include <QtTest>

class TestCliOnePass : public QObject, private CliFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void fastPaintsWithAStyleNetwork();
    void instantPaintsWithTheBuiltinNetworks();
    void instantBlendsPaintingsAndPrints();
    void instantRefusesWhatItCannotUse();
};

void TestCliOnePass::initTestCase()
{
    writeInputs();
}

void TestCliOnePass::fastPaintsWithAStyleNetwork()
{
    const Outcome notAStyle = cli({"fast", "--model", mWeights, mContent, "-o", mDir + "/fast.png"});
    QCOMPARE(notAStyle.exitCode, 3);
    QVERIFY2(notAStyle.err.contains("not a fast style network"), qPrintable(notAStyle.err));

    const QString model = testsupport::sharedDir() + "/models/fast-style/wave.safetensors";
    if (testsupport::sharedDir().isEmpty() || !QFile::exists(model))
        QSKIP("../shared/models is not here");
    const Outcome o =
        cli({"fast", "--model", model, mContent, "-o", mDir + "/fast.png", "--size", "64", "--threads", "1"});
    QCOMPARE(o.exitCode, 0);
    QVERIFY2(o.err.contains("Painted 64x48 in the style of wave (engstrom-2016) in "), qPrintable(o.err));
    QVERIFY2(o.err.contains(" s on 1 thread"), qPrintable(o.err));
    QCOMPARE(QImage(mDir + "/fast.png").size(), QSize(64, 48));
}

void TestCliOnePass::instantPaintsWithTheBuiltinNetworks()
{
    // Nothing installed: the built-in networks are enough.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("BRUSHWORK_MODEL_DIR", mDir + "/empty-model-dir");
    const QString out = mDir + "/instant.png";
    const Outcome o = cli({"instant", mContent, mStyle, "-o", out, "--size", "61", "--threads", "1"}, env);
    QCOMPARE(o.exitCode, 0);
    QVERIFY2(o.err.contains("Painted 61x46 in the style of 1 painting") && o.err.contains("CPU (1 thread)"),
             qPrintable(o.err));
    const QImage painted(out);
    QCOMPARE(painted.size(), QSize(61, 46));
    const QImage photo = QImage(mContent).scaled(61, 46, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    double change = 0;
    for (int y = 0; y < 46; ++y)
        for (int x = 0; x < 61; ++x)
            change += std::abs(qGray(painted.pixel(x, y)) - qGray(photo.pixel(x, y)));
    QVERIFY2(change / (61 * 46) > 5, "the picture is hardly changed");
}

void TestCliOnePass::instantBlendsPaintingsAndPrints()
{
    const QString out = mDir + "/instant-print.png";
    const Outcome o = cli({"instant", mContent, mStyle, mContent, "--style-weights", "3,1", "--strength", "0.7",
                           "--preserve-colors", "luminance", "--print", "2x1.5in@40", "-o", out});
    QCOMPARE(o.exitCode, 0);
    QVERIFY2(o.err.contains("80x60 px (40 DPI)") && o.err.contains("of 2 paintings"), qPrintable(o.err));
    const QImage written(out);
    QCOMPARE(written.size(), QSize(80, 60));
    QVERIFY(std::abs(written.dotsPerMeterX() * 0.0254 - 40) < 0.1);
}

void TestCliOnePass::instantRefusesWhatItCannotUse()
{
    const Outcome missing = cli({"instant", mContent, mDir + "/no-such-painting.jpg", "-o", mDir + "/x.png"});
    QCOMPARE(missing.exitCode, 3);
    QVERIFY2(missing.err.contains("no-such-painting.jpg"), qPrintable(missing.err));

    const QString damaged = mDir + "/damaged-models";
    QDir().mkpath(damaged);
    QFile predictor(damaged + "/style_predict_int8.tflite");
    QVERIFY(predictor.open(QIODevice::WriteOnly));
    predictor.write("not a network");
    predictor.close();
    QVERIFY(QFile::copy(QString::fromStdString(brushwork::builtinModelPath(brushwork::kStyleTransformerFile)),
                        damaged + "/" + brushwork::kStyleTransformerFile));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("BRUSHWORK_BUILTIN_MODEL_DIR", damaged);
    const Outcome o = cli({"instant", mContent, mStyle, "-o", mDir + "/x.png"}, env);
    QCOMPARE(o.exitCode, 3);
    QVERIFY2(o.err.contains(damaged + "/style_predict_int8.tflite"), qPrintable(o.err));
}

QTEST_GUILESS_MAIN(TestCliOnePass)
#include "tst_clionepass.moc"
