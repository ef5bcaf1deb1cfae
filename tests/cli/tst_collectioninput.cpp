// SPDX-License-Identifier: GPL-3.0-or-later
// Hostile input to collections, round three (issue 22): one row or more per
// class of plan, folder, option or file that used to run a command, write
// outside its folder or over an input, hang, or be taken as something else.
// Every row runs the CLI with a time limit (a hang fails the row), checks
// the exit code and that the message names the problem, that nothing it
// names as untouched changed, and that no terminal escape got through.
#include "collectionfixture.h"
#include "clirunner.h"
#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QtTest>

#include <map>

using nlohmann::json;
using namespace collectionfixture;

class TestCollectionInput : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void hostile_data();
    void hostile();

private:
    QString mDone; ///< a finished collection of the pieces "a" and "b"
    QString mPlan; ///< its plan
};

void TestCollectionInput::initTestCase()
{
    const QString d = freshFolder("input");
    mPlan = writePlan(d + "/done.json",
                      json::array({instantPiece("a", photo(), painting()), instantPiece("b", photo(), painting())}));
    mDone = d + "/done";
    const testsupport::CliOutcome run = testsupport::runCli({"batch", "run", mPlan, "-o", mDone, "--threads", "1"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
}

void TestCollectionInput::hostile_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("env"); // NAME=VALUE set for the run
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QStringList>("untouched"); // files, folders or absent paths that must stay as they are

    const QString d = freshFolder("hostile");
    const QString p = photo();
    const QString plan = writePlan(d + "/plan.json", json::array({instantPiece("a", p, painting())}));
    const QStringList inputs = {p, painting(), plan};
    auto submit = [&](const QString& out, const QStringList& extra = {}) {
        return QStringList{"batch", "submit", plan, "-o", out, "--no-submit"} + extra;
    };
    auto run = [&](const QString& planFile, const QString& out, const QStringList& extra = {}) {
        return QStringList{"batch", "run", planFile, "-o", out, "--threads", "1"} + extra;
    };

    // 1. Values that reach batch.sbatch.
    const QString named = writePlan(d + "/named.json", json::array({instantPiece("a", p, painting())}),
                                    {{"name", "x\ntouch " + (d + "/PWNED").toStdString() + "\n#"}});
    QTest::newRow("1 a plan named with line breaks")
        << QStringList{"batch", "submit", named, "-o", d + "/s1", "--no-submit"} << QStringList() << 3
        << "\"name\" holds control characters" << QStringList{d + "/s1/batch.sbatch"};
    for (const char* option : {"--partition", "--time", "--mem", "--job-name"})
        QTest::newRow(qPrintable(QString("1 %1 with a line break").arg(option)))
            << submit(d + "/s2", {option, "x\n#SBATCH --wrap=touch"}) << QStringList() << 2
            << QString(option) + " \"x?#SBATCH" << QStringList{d + "/s2"};
    QTest::newRow("1 -o with a line break") << submit(d + "/s3\ntouch x") << QStringList() << 2 << "-o \""
                                            << QStringList{d + "/s3\ntouch x"};

    // 2. Outputs that would replace inputs, checked before any work.
    QTest::newRow("2 instant -o the photo")
        << QStringList{"instant", p, painting(), "-o", p} << QStringList() << 2 << "one of the run's inputs" << inputs;
    writeFile(d + "/kept.png", readFile(p));
    QFile(d + "/kept.png").setPermissions(QFileDevice::ReadOwner);
    QTest::newRow("2 instant -o a read-only file")
        << QStringList{"instant", p, painting(), "-o", d + "/kept.png"} << QStringList() << 2 << "read-only"
        << QStringList{d + "/kept.png"};
    writeFile(d + "/snap_2.png", readFile(painting()));
    QTest::newRow("2 render --save-every onto the painting")
        << QStringList{"render", p, d + "/snap_2.png", "-o", d + "/snap.png", "--save-every", "2", "--weights",
                       testsupport::randomWeightsPath(), "--size", "32", "--iterations", "4", "--threads", "1"}
        << QStringList() << 2 << "the snapshot would overwrite" << QStringList{d + "/snap_2.png"};
    QTest::newRow("2 batch new -o the photo")
        << QStringList{"batch", "new", "--photos", p, "--paintings", painting(), "-o", p} << QStringList() << 2
        << "one of the run's inputs" << inputs;
    writeFile(d + "/own.png", readFile(p));
    QDir().mkpath(d + "/r2/images");
    QFile::link(d + "/own.png", d + "/r2/images/a.png");
    const QString ownPlan = writePlan(d + "/own.json", json::array({instantPiece("a", d + "/own.png", painting())}));
    QTest::newRow("2 batch run whose images/a.png is the piece's photo")
        << run(ownPlan, d + "/r2") << QStringList() << 2 << "one of the run's inputs" << QStringList{d + "/own.png"};
    QTest::newRow("2 batch mint -o the collection itself")
        << QStringList{"batch", "mint", mDone, "--name", "X", "-o", mDone} << QStringList() << 2 << "holds other files"
        << QStringList{mDone, mDone + "/images"};
    QTest::newRow("2 batch mint -o the folder above the collection")
        << QStringList{"batch", "mint", mDone, "--name", "X", "-o", QFileInfo(mDone).path()} << QStringList() << 2
        << "holds other files" << QStringList{mDone};

    // 3. Links planted in a collection folder.
    writeFile(d + "/outside.txt", "keep me");
    QDir().mkpath(d + "/l1/state");
    QFile::link(d + "/outside.txt", d + "/l1/state/a.lock");
    QTest::newRow("3 a lock file planted as a link")
        << run(plan, d + "/l1") << QStringList() << 3 << "lock file is a link" << QStringList{d + "/outside.txt"};
    QDir().mkpath(d + "/elsewhere");
    QDir().mkpath(d + "/l2");
    QFile::link(d + "/elsewhere", d + "/l2/images");
    QTest::newRow("3 images/ is a link") << run(plan, d + "/l2") << QStringList() << 3 << "this is a link"
                                         << QStringList{d + "/elsewhere"};

    // 4. The collection's own files are read by the rules pictures are.
    makeFifo(d + "/f1/images/a.json");
    // Read as the collection's own file (is the piece done?), so bad input: exit 3, as the issue asks.
    QTest::newRow("4 a record that is a FIFO") << run(plan, d + "/f1") << QStringList() << 3
                                               << "pipe (FIFO) or socket, not a record"
                                               << QStringList{d + "/f1/images/a.png"};
    for (const QString& name : {QString("f2"), QString("f3"), QString("f4")})
        QDir().mkpath(d + "/" + name + "/images"), QDir().mkpath(d + "/" + name + "/state");
    QFile::copy(mDone + "/manifest.json", d + "/f2/manifest.json");
    makeFifo(d + "/f2/state/a.failed");
    QTest::newRow("4 a failure note that is a FIFO (status)")
        << QStringList{"batch", "status", d + "/f2"} << QStringList() << 3 << "pipe (FIFO)" << QStringList();
    makeFifo(d + "/f3/manifest.json");
    QTest::newRow("4 a manifest that is a FIFO (status)")
        << QStringList{"batch", "status", d + "/f3"} << QStringList() << 3 << "pipe (FIFO)" << QStringList();
    QFile::copy(mDone + "/manifest.json", d + "/f4/manifest.json");
    QFile::link("/dev/zero", d + "/f4/images/a.json");
    QTest::newRow("4 a record linked to /dev/zero (mint)")
        << QStringList{"batch", "mint", d + "/f4", "--name", "X"} << QStringList() << 3 << "a device"
        << QStringList{d + "/f4/mint"};

    // 5. What the plan check passes, the painter reads the same way.
    const QString tiny = writePlan(d + "/tiny.json", json::array({instantPiece("a", p, painting(), {{"strength", 1e-50}})}));
    QTest::newRow("5 strength 1e-50 paints") << run(tiny, d + "/t1") << QStringList() << 0 << "painted"
                                             << inputs;

    // 6. Counted before expanding.
    json photos = json::array(), paintings = json::array(), seeds = json::array();
    for (int i = 0; i < 1000; ++i) {
        photos.push_back("p" + std::to_string(i) + ".png");
        paintings.push_back("s" + std::to_string(i) + ".png");
        seeds.push_back(i);
    }
    const QString huge = d + "/huge.json";
    writeFile(huge, QByteArray::fromStdString(json({{"format", "brushwork-collection-plan"},
                                                    {"version", 1},
                                                    {"grid", {{"photos", photos}, {"paintings", paintings}, {"seeds", seeds}}}})
                                                  .dump()));
    QTest::newRow("6 a grid of 10^9 pieces")
        << run(huge, d + "/g1") << QStringList() << 3
        << "more than 200000 pieces, the most a collection may have (the grid's 1000 photos × 1000 paintings × 1000 seeds"
        << QStringList{d + "/g1"};

    // 7. Built-in networks that are not the ones shipped.
    const QString damaged = d + "/damaged-builtin";
    QDir().mkpath(damaged);
    const QString source = QStringLiteral(BRUSHWORK_SOURCE_DIR) + "/models/";
    for (const char* file : {"style_predict_int8.tflite", "style_transfer_fp16.tflite", "squeezenet1_0.safetensors"})
        QFile::copy(source + file, damaged + "/" + file);
    QByteArray transformer = readFile(damaged + "/style_transfer_fp16.tflite");
    transformer[transformer.size() / 2] = char(transformer[transformer.size() / 2] ^ 0x40);
    writeFile(damaged + "/style_transfer_fp16.tflite", transformer);
    const QStringList damagedEnv = {"BRUSHWORK_BUILTIN_MODEL_DIR=" + damaged, "BRUSHWORK_MODEL_DIR=" + d + "/no-models"};
    QTest::newRow("7 instant with a damaged built-in transformer")
        << QStringList{"instant", p, painting(), "-o", d + "/i7.png"} << damagedEnv << 3 << "SHA-256" << inputs;
    QTest::newRow("7 models verify checks the built-ins")
        << QStringList{"models", "verify"} << damagedEnv << 3 << "instant style transformer (built-in)\tDAMAGED" << inputs;
    QTest::newRow("7 render starts from the photo")
        << QStringList{"render", p, painting(), "-o", d + "/r7.png", "--size", "32", "--iterations", "2", "--threads", "1"}
        << damagedEnv << 0 << "Started from the photo" << inputs;

    // 10. Text from files reaches the terminal as text only.
    const QString escape = writePlan(d + "/escape.json",
                                     json::array({instantPiece("a", d + "/\x1b]0;pwned\x07.png", painting())}));
    QTest::newRow("10 a terminal escape in a plan's photo") << run(escape, d + "/e1") << QStringList() << 3
                                                            << "not printable text" << QStringList{d + "/e1"};

    // 11. Options and variables read strictly.
    for (const char* shard : {"1/2/3", "0x1/3", "+1/3", "0.5/2", "1/"})
        QTest::newRow(qPrintable(QString("11 --shard %1").arg(shard)))
            << run(plan, d + "/h1", {"--shard", shard}) << QStringList() << 2 << "--shard takes K/N in plain digits"
            << QStringList{d + "/h1"};
    QTest::newRow("11 SLURM_ARRAY_TASK_ID=abc")
        << run(plan, d + "/h2") << QStringList{"SLURM_ARRAY_TASK_ID=abc", "SLURM_ARRAY_TASK_COUNT=2"} << 2
        << "SLURM_ARRAY_TASK_ID is \"abc\", not a task number" << QStringList{d + "/h2"};
    QTest::newRow("11 an array of --array=5,7 without --shard")
        << run(plan, d + "/h3") << QStringList{"SLURM_ARRAY_TASK_ID=7", "SLURM_ARRAY_TASK_COUNT=2", "SLURM_ARRAY_TASK_MIN=5"}
        << 2 << "the Slurm array task 7 is not one of 0 to 1" << QStringList{d + "/h3"};
    QTest::newRow("11 --base-uri without a scheme")
        << QStringList{"batch", "mint", mDone, "--name", "X", "--base-uri", "my pictures", "-o", d + "/m1"}
        << QStringList() << 2 << "the base URI \"my pictures/\" is not an address" << QStringList{d + "/m1"};
    QTest::newRow("11 batch mint --name --description")
        << QStringList{"batch", "mint", mDone, "--name", "--description", "x", "-o", d + "/m2"} << QStringList() << 2
        << "--name needs a value" << QStringList{d + "/m2"};
    QTest::newRow("11 batch run --jobs 256 in 1G")
        << run(plan, d + "/h4", {"--jobs", "256", "--memory-budget", "1G"}) << QStringList() << 3
        << "256 jobs at once needs about" << QStringList{d + "/h4/images/a.png"};
    QTest::newRow("11 instant checks -o before painting")
        << QStringList{"instant", p, painting(), "-o", d + "/nowhere/x.png"} << QStringList() << 2 << "does not exist"
        << QStringList{d + "/nowhere"};
}

void TestCollectionInput::hostile()
{
    QFETCH(QStringList, args);
    QFETCH(QStringList, env);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    QFETCH(QStringList, untouched);

    std::map<QString, QByteArray> before;
    for (const QString& file : untouched)
        before[file] = snapshot(file);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString& variable : env)
        environment.insert(variable.section('=', 0, 0), variable.section('=', 1));
    QElapsedTimer clock;
    clock.start();
    const testsupport::CliOutcome outcome = testsupport::runCli(args, environment, 30000);
    qInfo("%s: %lld ms", QTest::currentDataTag(), clock.elapsed());
    const QString said = outcome.err + outcome.out;
    QVERIFY2(outcome.exitCode != -1, "crashed, or hung for 30 s");
    QVERIFY2(outcome.exitCode == exitCode, qPrintable(QString("exit %1: %2").arg(outcome.exitCode).arg(said.left(2000))));
    QVERIFY2(said.contains(message), qPrintable(said.left(2000)));
    QVERIFY2(!said.contains(QChar(0x1b)), "a terminal escape was printed");
    QVERIFY(!said.contains("terminate") && !said.contains("json.exception") && !said.contains("stof"));
    for (const auto& [file, bytes] : before)
        QVERIFY2(snapshot(file) == bytes, qPrintable(file + " changed"));
}

QTEST_GUILESS_MAIN(TestCollectionInput)
#include "tst_collectioninput.moc"
