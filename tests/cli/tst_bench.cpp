// SPDX-License-Identifier: GPL-3.0-or-later
// brushwork-cli bench: the figures it prints, as JSON a script can read.
#include "brushwork/image.h"
#include "clirunner.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>

class TestBench : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void benchPrintsRatio();
    void benchPrecisionAllPrintsBothRows();
    void benchRegionsTimesBothEvaluationsInTurn_data();
    void benchRegionsTimesBothEvaluationsInTurn();
    void benchInstantPrintsTimes();
    void benchPrintComparesEachPrintWithItsPreview();
    void qualityComparesWithTheFormerDefault();
    void qualityRunsOneRowOnRequest();

private:
    /// The last line of standard output, which the bench commands print as JSON.
    static QJsonObject lastJson(const testsupport::CliOutcome& o)
    {
        return QJsonDocument::fromJson(o.out.trimmed().split('\n').last().toUtf8()).object();
    }
    QStringList qualityArgs() const;
    QString mContent;
    QString mStyle;
    QString mWeights;
};

void TestBench::initTestCase()
{
    const QString dir = testsupport::scratchDir();
    mContent = dir + "/content.png";
    mStyle = dir + "/style.png";
    brushwork::saveImage(mContent.toStdString(), testsupport::makeContentImage(64, 48));
    brushwork::saveImage(mStyle.toStdString(), testsupport::makeStyleImage(64, 64));
    mWeights = testsupport::randomWeightsPath(brushwork::NetworkKind::SqueezeNet);
    testsupport::emptyModelDir(); // without --weights: the built-in SqueezeNet, real weights
}

void TestBench::benchPrintsRatio()
{
    const testsupport::CliOutcome o = testsupport::runCli({"bench", "--random-weights", "--size", "48", "--repeats", "1"});
    QCOMPARE(o.exitCode, 0);
    const QJsonObject result = lastJson(o);
    for (const char* key : {"floor_s", "eval_s", "ratio", "threads", "device", "precision"})
        QVERIFY2(result.contains(key), key);
    // The ratio's size depends on the machine and its load; that it is the
    // ratio of the two times printed beside it does not.
    const double eval = result["eval_s"].toDouble(), floor = result["floor_s"].toDouble();
    QVERIFY2(eval > 0 && floor > 0, qPrintable(o.out));
    QVERIFY2(std::abs(result["ratio"].toDouble() - eval / floor) < 0.05 * eval / floor + 0.002, qPrintable(o.out));
}

void TestBench::benchPrecisionAllPrintsBothRows()
{
    const testsupport::CliOutcome o = testsupport::runCli(
        {"bench", "--random-weights", "--size", "48", "--repeats", "1", "--precision", "all"});
    QCOMPARE(o.exitCode, 0);
    const QStringList lines = o.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 3); // a row as each precision finishes, then both with their ratio
    const QJsonObject both = lastJson(o);
    const QJsonArray rows = both["precisions"].toArray();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[0].toObject()["precision"].toString(), QString("fp32"));
    QCOMPARE(rows[1].toObject()["precision"].toString(), QString("bf16"));
    QVERIFY(rows[1].toObject()["device"].toString().contains("bf16"));
    const double ratio = both["bf16_over_fp32_eval"].toDouble();
    QVERIFY2(std::abs(ratio - rows[1].toObject()["eval_s"].toDouble() / rows[0].toObject()["eval_s"].toDouble()) <
                 0.01 * ratio,
             qPrintable(lines.last()));
}

void TestBench::benchRegionsTimesBothEvaluationsInTurn_data()
{
    QTest::addColumn<QStringList>("mode");
    QTest::newRow("two regions") << QStringList{"--regions", "2"};
    QTest::newRow("seamless") << QStringList{"--seamless"};
}

void TestBench::benchRegionsTimesBothEvaluationsInTurn()
{
    QFETCH(QStringList, mode);
    const testsupport::CliOutcome o = testsupport::runCli(
        QStringList{"bench", "--random-weights", "--network", "squeezenet", "--size", "48", "--repeats", "1",
                    "--precision", "fp32"} + mode);
    QCOMPARE(o.exitCode, 0);
    const QJsonObject result = lastJson(o);
    const QJsonObject plain = result["plain"].toObject();
    const QJsonObject with = result["with"].toObject();
    QCOMPARE(result["regions"].toInt(), mode.contains("--regions") ? 2 : 0);
    QCOMPARE(result["seamless"].toBool(), mode.contains("--seamless"));
    // Timed in the same round, the cost is the ratio of the two evaluations
    // themselves, whatever the bare network took around them.
    // (The times are printed to 0.1 ms, the ratio to 0.001.)
    const double withSeconds = with["eval_s"].toDouble();
    const double plainSeconds = plain["eval_s"].toDouble();
    QVERIFY2(withSeconds > 0 && plainSeconds > 0, qPrintable(o.out));
    const double ratio = withSeconds / plainSeconds;
    const double rounding = ratio * (0.00005 / withSeconds + 0.00005 / plainSeconds) + 0.0005;
    QVERIFY2(std::abs(result["eval_over_plain"].toDouble() - ratio) <= rounding, qPrintable(o.out));
    // Each evaluated as a run paints it: SqueezeNet's 16 px mirrored margin
    // round the picture, and none round a torus.
    QCOMPARE(plain["width"].toInt(), 48);
    QCOMPARE(plain["canvas"].toString(), QString("80x68"));
    QCOMPARE(with["canvas"].toString(), mode.contains("--seamless") ? QString("48x36") : QString("80x68"));
}

void TestBench::benchInstantPrintsTimes()
{
    const testsupport::CliOutcome o =
        testsupport::runCli({"bench", "--instant", "--size", "64", "--repeats", "1", "--threads", "1"});
    QCOMPARE(o.exitCode, 0);
    const QJsonObject result = lastJson(o);
    QCOMPARE(result["width"].toInt(), 64);
    for (const char* key : {"load_s", "style_vector_s", "transformer_s"})
        QVERIFY2(result[key].toDouble() > 0, key);
}

void TestBench::benchPrintComparesEachPrintWithItsPreview()
{
    // --print is also the print-size setting: the bench's mode must not be
    // read as an empty print size.
    const testsupport::CliOutcome o = testsupport::runCli(
        {"bench", "--print", "--content", mContent, "--style", mStyle, "--weights", mWeights, "--preview-size",
         "32", "--sizes", "64", "--paths", "optimised", "--iterations", "4", "--threads", "1", "--precision", "fp32"});
    QCOMPARE(o.exitCode, 0);
    const QJsonObject print = lastJson(o);
    QCOMPARE(print["path"].toString(), QString("optimised"));
    QCOMPARE(print["width"].toInt(), 64);
    // Grown from its preview and held to it: shrunk, it is the preview.
    QVERIFY2(print["ssim"].toDouble() > 0.95, qPrintable(o.out));
    QVERIFY2(print["style_vs_preview"].toDouble() < 1.15, qPrintable(o.out));
    QVERIFY2(print["style_at_size"].toDouble() > 0, qPrintable(o.out));
}

QStringList TestBench::qualityArgs() const
{
    // The quality bench's numbers are checked in fp32; tst_precisions holds
    // the engine to them in bf16 too.
    return {"bench", "--quality", "--content", mContent, "--style", mStyle, "--size", "40", "--threads", "1",
            "--precision", "fp32"};
}

void TestBench::qualityComparesWithTheFormerDefault()
{
    // The real SqueezeNet: with random weights the instant picture's style
    // means nothing to the judge, and the run from it is no shorter.
    const testsupport::CliOutcome o = testsupport::runCli(qualityArgs() << "--iterations" << "200");
    QCOMPARE(o.exitCode, 0);
    qInfo("%s", qPrintable(o.out.trimmed()));
    const QJsonObject result = lastJson(o);
    const double reference = result["reference_loss"].toDouble();
    QVERIFY(reference > 0);
    const QJsonArray rows = result["rows"].toArray();
    QCOMPARE(rows.size(), 3);
    const QJsonObject instant = rows[0].toObject();
    const QJsonObject photo = rows[1].toObject();
    const QJsonObject former = rows[2].toObject();
    QCOMPARE(instant["start"].toString(), QString("instant"));
    QCOMPARE(photo["start"].toString(), QString("photo"));
    QCOMPARE(former["start"].toString(), QString("former_default"));

    // The default stops by itself; the former default runs every iteration.
    QVERIFY(instant["plateau_iteration"].toInt() > 0);
    QCOMPARE(instant["iterations"].toInt(), instant["plateau_iteration"].toInt());
    QVERIFY(instant["final_loss"].toDouble() < reference);
    QVERIFY(instant["first_preview_s"].toDouble() > 0);
    QCOMPARE(former["plateau_iteration"].toInt(), 0);
    QCOMPARE(former["iterations"].toInt(), 200);

    // The former default is timed to the loss where the default stopped,
    // and the summary is the ratio of the two times.
    QCOMPARE(former["target_loss"].toDouble(), instant["final_loss"].toDouble());
    const double toTarget = former["to_target_s"].toDouble();
    QVERIFY2(toTarget > 0, qPrintable(o.out));
    QVERIFY(former["to_target_iterations"].toInt() > 0);
    QCOMPARE(result["default_plateau_s"].toDouble(), instant["plateau_s"].toDouble());
    QCOMPARE(result["former_default_to_same_loss_s"].toDouble(), toTarget);
    QVERIFY(qAbs(result["sooner"].toDouble() - toTarget / instant["plateau_s"].toDouble()) < 0.01);
}

void TestBench::qualityRunsOneRowOnRequest()
{
    const testsupport::CliOutcome o =
        testsupport::runCli(qualityArgs() << "--weights" << mWeights << "--start" << "photo" << "--iterations" << "30"
                                          << "--no-early-stop" << "--target-loss" << "1e9");
    QCOMPARE(o.exitCode, 0);
    const QJsonObject result = lastJson(o);
    const QJsonArray rows = result["rows"].toArray();
    QCOMPARE(rows.size(), 1);
    const QJsonObject photo = rows[0].toObject();
    QCOMPARE(photo["start"].toString(), QString("photo"));
    QCOMPARE(photo["iterations"].toInt(), 30);
    QCOMPARE(photo["to_target_iterations"].toInt(), 1); // every loss is below 1e9
    QVERIFY(!result.contains("sooner"));

    const testsupport::CliOutcome wrong = testsupport::runCli(qualityArgs() << "--start" << "sideways");
    QCOMPARE(wrong.exitCode, 2);
    QVERIFY2(wrong.err.contains("former_default") && wrong.err.contains("sideways"), qPrintable(wrong.err));
}

QTEST_GUILESS_MAIN(TestBench)
#include "tst_bench.moc"
