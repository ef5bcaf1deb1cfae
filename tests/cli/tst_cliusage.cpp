// SPDX-License-Identifier: GPL-3.0-or-later
// brushwork-cli's answers to how it is called: --help and --version, usage
// errors (exit code 2), inputs it cannot use and missing weights (exit code 3).
#include "clifixture.h"

#include "brushwork/settingdocs.h"

#include <QFile>
#include <QtTest>

class TestCliUsage : public QObject, private CliFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void helpAndVersion();
    void helpManPageAndDocsListEverySetting();
    void usageErrors_data();
    void usageErrors();
    void badInputs_data();
    void badInputs();
    void missingWeightsSaysHowToGetThem();
};

void TestCliUsage::initTestCase()
{
    writeInputs();
}

void TestCliUsage::helpAndVersion()
{
    const Outcome help = cli({"--help"});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("render CONTENT STYLE"));
    QVERIFY(help.out.contains("fast --model FILE CONTENT"));
    const Outcome version = cli({"--version"});
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith("brushwork-cli "));
}

void TestCliUsage::helpManPageAndDocsListEverySetting()
{
    using brushwork::SettingGroup;
    const Outcome help = cli({"--help"});
    const SettingGroup groups[] = {SettingGroup::Output, SettingGroup::Picture, SettingGroup::Instant,
                                   SettingGroup::Engine};
    for (SettingGroup group : groups)
        QVERIFY2(help.out.contains(QString::fromStdString(brushwork::settingHelpLines(group))), qPrintable(help.out));
    QVERIFY(help.out.contains("--plateau-window N"));
    // The reference in docs/ is --help itself.
    QFile docs(BRUSHWORK_SOURCE_DIR "/docs/cli.md");
    QVERIFY(docs.open(QIODevice::ReadOnly));
    QVERIFY2(QString::fromUtf8(docs.readAll()).contains(help.out),
             "docs/cli.md's option list is not brushwork-cli --help's; paste the help into it");
#ifdef BRUSHWORK_MAN_PAGE
    QFile man(BRUSHWORK_MAN_PAGE);
    QVERIFY2(man.open(QIODevice::ReadOnly), BRUSHWORK_MAN_PAGE);
    const QString page = QString::fromUtf8(man.readAll());
    for (SettingGroup group : groups)
        QVERIFY(page.contains(QString::fromStdString(brushwork::settingManEntries(group))));
    QVERIFY(page.contains(".BI \\-\\-plateau\\-window \" N\""));
#else
    QSKIP("the man page is built with the studio (packaging/)");
#endif
}

void TestCliUsage::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("no command") << QStringList{} << "Usage";
    QTest::newRow("unknown command") << QStringList{"paint"} << "unknown command";
    QTest::newRow("no output") << QStringList{"render", "a.png", "b.png"} << "-o OUT";
    QTest::newRow("one image") << QStringList{"render", "a.png", "-o", "x.png"} << "at least one style";
    QTest::newRow("unknown option") << QStringList{"render", "a", "b", "-o", "x.png", "--colour", "x"} << "--colour";
    QTest::newRow("bad number") << QStringList{"render", "a", "b", "-o", "x.png", "--size", "big"} << "--size";
    QTest::newRow("plateau window of 0") << QStringList{"render", "a", "b", "-o", "x.png", "--plateau-window", "0"}
                                         << "--plateau-window must be a whole number from 1 to 1000";
    QTest::newRow("bad choice") << QStringList{"render", "a", "b", "-o", "x.png", "--optimizer", "sgd"} << "lbfgs|adam";
    QTest::newRow("fast without model") << QStringList{"fast", "a.png", "-o", "x.png"} << "--model FILE";
    QTest::newRow("fast without output") << QStringList{"fast", "--model", "m", "a.png"} << "-o OUT";
    QTest::newRow("instant without painting") << QStringList{"instant", "a.png", "-o", "x.png"} << "at least one style";
    QTest::newRow("instant without output") << QStringList{"instant", "a.png", "b.png"} << "-o OUT";
    QTest::newRow("instant strength") << QStringList{"instant", "a", "b", "-o", "x.png", "--strength", "1.5"}
                                      << "--strength";
    QTest::newRow("instant weights") << QStringList{"instant", "a", "b", "-o", "x.png", "--style-weights", "1,2"}
                                     << "one weight per style image";
}

void TestCliUsage::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Outcome o = cli(args);
    QCOMPARE(o.exitCode, 2);
    QVERIFY2(o.err.contains(message) || o.out.contains(message), qPrintable(o.err));
}

void TestCliUsage::badInputs_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("role");
    QTest::newRow("missing content") << "no-such-photo.png" << "content";
    QTest::newRow("content not an image") << "notes.png" << "content";
    QTest::newRow("broken weights") << "broken.safetensors" << "weights";
}

void TestCliUsage::badInputs()
{
    QFETCH(QString, file);
    QFETCH(QString, role);
    const QString path = mDir + "/" + file;
    if (file == "notes.png") {
        QFile notes(path);
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("shopping list: brushes, linseed oil\n");
    } else if (file == "broken.safetensors") {
        QFile broken(path);
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write(QByteArray("\x40\x00\x00\x00\x00\x00\x00\x00{\"features.0.weight\": ", 30));
    }
    const QString content = role == "content" ? path : mContent;
    const QString weights = role == "weights" ? path : mWeights;
    const Outcome o = cli({"render", content, mStyle, "-o", mDir + "/out.png", "--weights", weights, "--size", "32",
                           "--iterations", "1"});
    QCOMPARE(o.exitCode, 3);
    QVERIFY2(o.err.contains(file), qPrintable(o.err));
}

void TestCliUsage::missingWeightsSaysHowToGetThem()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("BRUSHWORK_MODEL_DIR", mDir + "/empty-model-dir");
    env.insert("BRUSHWORK_BUILTIN_MODEL_DIR", mDir + "/no-builtin-models");
    const Outcome o = cli({"render", mContent, mStyle, "-o", mDir + "/out.png"}, env);
    QCOMPARE(o.exitCode, 3);
    QVERIFY2(o.err.contains("no vgg19 weights"), qPrintable(o.err));
    QVERIFY2(o.err.contains("--weights"), qPrintable(o.err));
}

QTEST_GUILESS_MAIN(TestCliUsage)
#include "tst_cliusage.moc"
