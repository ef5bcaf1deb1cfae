// SPDX-License-Identifier: GPL-3.0-or-later
// brushwork-cli models: import, list, download (from a local server) and
// verify, and downloads that fail with exit code 5.
#include "brushwork/sha256.h"
#include "clifixture.h"
#include "testhttpserver.h"
#include "testsupport.h"

#include <QFile>
#include <QtTest>

class TestCliModels : public QObject, private CliFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void modelsImportAndList();
    void modelsImportRoutesAFastStyle();
    void modelsDownloadListAndVerify();
    void modelsDownloadFailuresExitWithFive();
};

void TestCliModels::initTestCase()
{
    writeInputs();
}

void TestCliModels::modelsImportAndList()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("BRUSHWORK_MODEL_DIR", mDir + "/cli-models");
    QVERIFY(!cli({"models", "list"}, env).err.isEmpty()); // says that nothing is installed
    QCOMPARE(cli({"models", "import", mWeights}, env).exitCode, 0);
    const Outcome list = cli({"models", "list"}, env);
    QCOMPARE(list.exitCode, 0);
    QVERIFY2(list.out.startsWith("vgg19\t80 MB\t"), qPrintable(list.out));
    const Outcome refused = cli({"models", "import", mContent}, env);
    QCOMPARE(refused.exitCode, 3);
    QVERIFY2(refused.err.contains("content.png"), qPrintable(refused.err));
    // The installed network paints without --weights.
    QCOMPARE(cli({"render", mContent, mStyle, "-o", mDir + "/installed.png", "--size", "32", "--iterations", "2"}, env)
                 .exitCode,
             0);
}

void TestCliModels::modelsImportRoutesAFastStyle()
{
    const QString model = testsupport::sharedDir() + "/models/fast-style-pytorch/mosaic.safetensors";
    if (testsupport::sharedDir().isEmpty() || !QFile::exists(model))
        QSKIP("../shared/models is not here");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString models = mDir + "/style-models";
    env.insert("BRUSHWORK_MODEL_DIR", models);
    const Outcome imported = cli({"models", "import", model}, env);
    QCOMPARE(imported.exitCode, 0);
    QVERIFY2(imported.err.contains(models + "/fast-styles/mosaic.safetensors"), qPrintable(imported.err));
    const Outcome list = cli({"models", "list"}, env);
    QVERIFY2(list.out.startsWith("fast-style/mosaic\t"), qPrintable(list.out));
    const Outcome verify = cli({"models", "verify"}, env);
    QCOMPARE(verify.exitCode, 0);
    QVERIFY2(verify.out.startsWith("fast-style/mosaic\tok\t"), qPrintable(verify.out));
}

void TestCliModels::modelsDownloadListAndVerify()
{
    const ServedFile served = randomSqueezeNetFile();
    TestHttpServer server(served.bytes);
    const QString& sha256 = served.sha256;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString models = mDir + "/downloaded-models";
    env.insert("BRUSHWORK_MODEL_DIR", models);

    const Outcome download =
        cli({"models", "download", "squeezenet", "--url", server.url().toString(), "--sha256", sha256}, env);
    QCOMPARE(download.exitCode, 0);
    QVERIFY2(download.err.contains("Installed " + models + "/squeezenet1_0.safetensors"), qPrintable(download.err));
    // Not a terminal: a progress line per tenth of the file, the last at 100%.
    QVERIFY2(download.err.contains(QString("squeezenet  %1 / %1 MB").arg(served.bytes.size() / 1e6, 0, 'f', 1)),
             qPrintable(download.err));

    const Outcome list = cli({"models", "list"}, env);
    QCOMPARE(list.exitCode, 0);
    // The installed network first, then the built-in ones.
    const QStringList lines = list.out.trimmed().split('\n');
    const QStringList columns = lines.value(0).split('\t');
    QCOMPARE(columns.value(0), QString("squeezenet"));
    QVERIFY2(lines.value(1).startsWith("squeezenet (built-in)\t"), qPrintable(list.out));
    QCOMPARE(columns.value(1), QString("%1 MB").arg(served.bytes.size() / 1e6, 0, 'f', 1));
    QCOMPARE(columns.value(2), QString::fromStdString(brushwork::sha256File((models + "/squeezenet1_0.safetensors").toStdString())));
    QCOMPARE(columns.value(4), "from " + server.url().toString() + " (SHA-256 " + sha256 + ")");

    const Outcome intact = cli({"models", "verify"}, env);
    QCOMPARE(intact.exitCode, 0);
    QVERIFY2(intact.out.startsWith("squeezenet\tok\t"), qPrintable(intact.out));

    // One flipped byte in the tensor data: the header still reads, the checksum tells.
    QFile installed(models + "/squeezenet1_0.safetensors");
    QVERIFY(installed.open(QIODevice::ReadWrite));
    installed.seek(installed.size() - 100);
    const char byte = installed.peek(1).at(0);
    installed.write(QByteArray(1, char(byte ^ 0x40)));
    installed.close();
    const Outcome damaged = cli({"models", "verify"}, env);
    QCOMPARE(damaged.exitCode, 3);
    QVERIFY2(damaged.out.startsWith("squeezenet\tDAMAGED: its SHA-256 is "), qPrintable(damaged.out));
    QVERIFY2(damaged.err.contains("damaged: squeezenet"), qPrintable(damaged.err));
}

void TestCliModels::modelsDownloadFailuresExitWithFive()
{
    TestHttpServer server(randomSqueezeNetFile().bytes);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString models = mDir + "/failed-downloads";
    env.insert("BRUSHWORK_MODEL_DIR", models);

    const Outcome mismatch =
        cli({"models", "download", "squeezenet", "--url", server.url().toString(), "--sha256", QString(64, 'f')}, env);
    QCOMPARE(mismatch.exitCode, 5);
    QVERIFY2(mismatch.err.contains(server.url().toString()) && mismatch.err.contains(QString(64, 'f')),
             qPrintable(mismatch.err));

    server.setMode(TestHttpServer::Mode::NotFound);
    const Outcome missing = cli({"models", "download", "squeezenet", "--url", server.url().toString()}, env);
    QCOMPARE(missing.exitCode, 5);
    QVERIFY2(missing.err.contains("HTTP 404"), qPrintable(missing.err));
    QVERIFY(!QFile::exists(models + "/squeezenet1_0.safetensors"));

    const Outcome unknown = cli({"models", "download", "alexnet"}, env);
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.contains("vgg19, squeezenet"), qPrintable(unknown.err));
}

QTEST_GUILESS_MAIN(TestCliModels)
#include "tst_climodels.moc"
