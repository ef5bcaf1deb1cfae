// SPDX-License-Identifier: GPL-3.0-or-later
// Collections under hostile conditions that take a whole run to show (issue
// 22): a job script that stays one word per value and runs from a folder
// with a space, one bad piece among good ones, 100,000 pieces, a mint
// swapped in whole, a full disk, a failing autosave, damaged network weights
// and text that is not UTF-8.
#include "brushwork/builtinmodels.h"
#include "brushwork/error.h"
#include "brushwork/sha256.h"
#include "collectionfixture.h"
#include "clirunner.h"
#include "formats/tflitemodel.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QtTest>

#include <csignal>
#include <sys/resource.h>

using nlohmann::json;
using namespace collectionfixture;

namespace {

testsupport::CliOutcome cli(const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
{
    return testsupport::runCli(args, env);
}

/// Runs `script` with bash, `$CLI` standing for brushwork-cli: for bytes a
/// QString cannot carry (invalid UTF-8) and for job scripts.
testsupport::CliOutcome bash(const QString& script, const QStringList& env = {})
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert("CLI", BRUSHWORK_CLI_PATH);
    for (const QString& variable : env)
        environment.insert(variable.section('=', 0, 0), variable.section('=', 1));
    process.setProcessEnvironment(environment);
    process.start("/bin/bash", {"-c", script});
    process.waitForFinished(120000);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

} // namespace

class TestCollectionRuns : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scriptKeepsEveryValueOneWord();
    void oneBadPieceDoesNotStopTheRest();
    void readOnlyFinishedPiecesAreSkipped();
    void hundredThousandPieces();
    void mintIsSwappedInWhole();
    void fullDiskKeepsTheOldPlan();
    void failedAutosaveIsAWarning();
    void nonFiniteTfliteWeightsAreRefused();
    void builtinHashesAreTheManifests();
    void textIsCheckedBeforeAnyWork();
};

void TestCollectionRuns::scriptKeepsEveryValueOneWord()
{
    const QString d = freshFolder("script");
    const QString plan = writePlan(d + "/plan.json", json::array({instantPiece("a", photo(), painting()),
                                                                  instantPiece("b", photo(), painting())}));
    const QString dir = d + "/with space/coll";
    writeFile(d + "/outside.txt", "keep me");
    QDir().mkpath(dir);
    QFile::link(d + "/outside.txt", dir + "/batch.sbatch");
    const testsupport::CliOutcome submit =
        cli({"batch", "submit", plan, "-o", dir, "--no-submit", "--partition", "gpu nodes", "--time", "1:00:00"});
    QVERIFY2(submit.exitCode == 0, qPrintable(submit.err));
    QCOMPARE(readFile(d + "/outside.txt"), QByteArray("keep me")); // replaced by rename, not written through
    const QFileInfo written(dir + "/batch.sbatch");
    QVERIFY(!written.isSymLink() && written.isExecutable());
    const QString script = QString::fromUtf8(readFile(dir + "/batch.sbatch"));
    QVERIFY2(script.contains("#SBATCH --output=\"" + dir + "/logs/slurm-%A_%a.out\"\n"), qPrintable(script));
    QVERIFY2(script.contains("#SBATCH --partition=\"gpu nodes\"\n"), qPrintable(script));
    QVERIFY2(script.contains("#SBATCH --time=1:00:00\n"), qPrintable(script));
    QVERIFY2(script.contains("--shard \"${SLURM_ARRAY_TASK_ID}/2\""), qPrintable(script));

    // As 'sbatch --array=1 batch.sbatch' (task 1 again, alone) runs it: its
    // shard is still 1 of 2, and the folder with a space stays one word.
    const testsupport::CliOutcome task = bash("exec \"" + dir + "/batch.sbatch\"",
                                              {"SLURM_ARRAY_TASK_ID=1", "SLURM_ARRAY_TASK_COUNT=1", "SLURM_ARRAY_TASK_MIN=1"});
    QVERIFY2(task.exitCode == 0, qPrintable(task.err));
    QVERIFY(!QFile::exists(dir + "/images/a.png") && QFile::exists(dir + "/images/b.png"));
}

void TestCollectionRuns::oneBadPieceDoesNotStopTheRest()
{
    const QString d = freshFolder("bad-piece");
    writeFile(d + "/broken.png", "not a picture at all");
    const QString plan = writePlan(
        d + "/plan.json",
        json::array({instantPiece("a", photo(), painting(), {{"strength", 1e-50}}),
                     instantPiece("b", d + "/broken.png", painting()),
                     instantPiece("c", photo(), painting(), {{"size", 65536}, {"memory_budget", "1G"}}),
                     instantPiece("d", photo(), painting())}));
    const testsupport::CliOutcome first = cli({"batch", "run", plan, "-o", d + "/coll", "--threads", "1"});
    QVERIFY2(first.exitCode == 1, qPrintable(first.err));
    QVERIFY(QFile::exists(d + "/coll/images/a.png") && QFile::exists(d + "/coll/images/d.png"));
    const testsupport::CliOutcome status = cli({"batch", "status", d + "/coll"});
    QVERIFY2(status.out.startsWith("done 2, running 0, failed 2, left 0"), qPrintable(status.out));
    QVERIFY2(status.out.contains("failed  b: ") && status.out.contains("broken.png"), qPrintable(status.out));
    QVERIFY2(status.out.contains("failed  c: ") && status.out.contains("needs about"), qPrintable(status.out));
    // Every rerun gets past them as well.
    const testsupport::CliOutcome again = cli({"batch", "run", plan, "-o", d + "/coll", "--threads", "1"});
    QVERIFY2(again.exitCode == 1 && again.err.count(": skipped") == 2, qPrintable(again.err));
}

void TestCollectionRuns::readOnlyFinishedPiecesAreSkipped()
{
    const QString d = freshFolder("protected-finished");
    const QString plan = writePlan(d + "/plan.json", json::array({instantPiece("a", photo(), painting()),
                                                                  instantPiece("b", photo(), painting())}));
    const QString coll = d + "/coll";
    QVERIFY(cli({"batch", "run", plan, "-o", coll, "--threads", "1"}).exitCode == 0);
    // The artist protects a finished piece, then queues the other one again.
    QFile(coll + "/images/a.png").setPermissions(QFileDevice::ReadOwner);
    QVERIFY(QFile::remove(coll + "/images/b.json") && QFile::remove(coll + "/images/b.png"));
    const testsupport::CliOutcome again = cli({"batch", "run", plan, "-o", coll, "--threads", "1"});
    QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    QVERIFY2(!again.err.contains("read-only"), qPrintable(again.err));
    QVERIFY(QFile::exists(coll + "/images/b.png"));
    // An unfinished piece's read-only picture still needs --overwrite.
    const QString unfinished = d + "/plan2.json";
    writePlan(unfinished, json::array({instantPiece("c", photo(), painting())}));
    writeFile(coll + "-2/images/c.png", "old");
    QFile(coll + "-2/images/c.png").setPermissions(QFileDevice::ReadOwner);
    const testsupport::CliOutcome refused = cli({"batch", "run", unfinished, "-o", coll + "-2", "--threads", "1"});
    QVERIFY2(refused.exitCode == 2 && refused.err.contains("read-only"), qPrintable(refused.err));
}

void TestCollectionRuns::hundredThousandPieces()
{
    const QString d = freshFolder("hundred-thousand");
    json seeds = json::array();
    for (int i = 0; i < 100000; ++i)
        seeds.push_back(i);
    const QString plan = d + "/plan.json";
    writeFile(plan, QByteArray::fromStdString(
                        json({{"format", "brushwork-collection-plan"},
                              {"version", 1},
                              {"method", "instant"},
                              {"settings", {{"size", 32}}},
                              {"grid", {{"photos", {photo().toStdString()}},
                                        {"paintings", {painting().toStdString()}},
                                        {"seeds", seeds}}}})
                            .dump()));
    const testsupport::CliOutcome run =
        cli({"batch", "run", plan, "-o", d + "/coll", "--shard", "0/50000", "--threads", "1"});
    QVERIFY2(run.exitCode == 0 && run.err.contains("2 of 100000 pieces"), qPrintable(run.err));
    QVERIFY2(QFileInfo(d + "/coll/manifest.json").size() > (16 << 20), "the manifest is over the former limit");
    const testsupport::CliOutcome status = cli({"batch", "status", d + "/coll"});
    QVERIFY2(status.exitCode == 0 && status.out.startsWith("done 2, running 0, failed 0, left 99998"),
             qPrintable(status.out + status.err));
    QCOMPARE(cli({"batch", "retry-failed", d + "/coll"}).exitCode, 0);
    const testsupport::CliOutcome mint = cli({"batch", "mint", d + "/coll", "--name", "Many"});
    QVERIFY2(mint.exitCode == 3 && mint.err.contains("99998 of 100000 pieces are missing"), qPrintable(mint.err));
}

void TestCollectionRuns::mintIsSwappedInWhole()
{
    const QString d = freshFolder("remint");
    const QString plan = writePlan(d + "/plan.json", json::array({instantPiece("1", photo(), painting()),
                                                                  instantPiece("2", photo(), painting())}));
    QCOMPARE(cli({"batch", "run", plan, "-o", d + "/coll", "--threads", "1"}).exitCode, 0);
    const QString out = d + "/mint";
    QCOMPARE(cli({"batch", "mint", d + "/coll", "--name", "Twice", "-o", out}).exitCode, 0);
    writeFile(out + "/images/9.png.part-123", "left by a killed mint");
    writeFile(out + "/collection.json", "{}");
    const testsupport::CliOutcome again = cli({"batch", "mint", d + "/coll", "--name", "Twice", "-o", out});
    QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    QVERIFY(!QFile::exists(out + "/images/9.png.part-123"));
    QCOMPARE(QDir(out).entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::Hidden).size(), 5);
    const QStringList sums = QString::fromUtf8(readFile(out + "/SHA256SUMS")).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(sums.size(), 6);
    for (const QString& line : sums)
        QCOMPARE(QString::fromStdString(brushwork::sha256File((out + "/" + line.mid(66)).toStdString())), line.left(64));
    QVERIFY(QFile::exists(d + "/coll/images/1.png") && QFile::exists(d + "/coll/images/2.png"));
}

void TestCollectionRuns::fullDiskKeepsTheOldPlan()
{
    const QString d = freshFolder("full-disk");
    const QByteArray old = QByteArray::fromStdString(json({{"format", "brushwork-collection-plan"}, {"note", "old"}}).dump());
    writeFile(d + "/plan.json", old);
    // Files larger than 300 bytes cannot be written: a disk that fills up part way.
    auto onFullDisk = [](const QStringList& args) {
        QProcess process;
        process.setChildProcessModifier([] {
            ::signal(SIGXFSZ, SIG_IGN);
            const rlimit limit{300, 300};
            ::setrlimit(RLIMIT_FSIZE, &limit);
        });
        process.start(BRUSHWORK_CLI_PATH, args);
        process.waitForFinished(60000);
        return testsupport::CliOutcome{process.exitCode(), {}, QString::fromUtf8(process.readAllStandardError())};
    };
    const testsupport::CliOutcome made = onFullDisk(
        {"batch", "new", "--photos", photo(), "--paintings", painting(), "--name", QString(400, 'n'), "-o", d + "/plan.json"});
    QVERIFY2(made.exitCode == 1 && made.err.contains("could not write the plan"), qPrintable(made.err));
    QCOMPARE(readFile(d + "/plan.json"), old);
    QCOMPARE(QDir(d).entryList(QDir::Files), QStringList{"plan.json"}); // no temporary file left

    const QString plan = writePlan(d + "/small.json", json::array({instantPiece("a", photo(), painting())}));
    const testsupport::CliOutcome submitted = onFullDisk({"batch", "submit", plan, "-o", d + "/coll", "--no-submit"});
    QVERIFY2(submitted.exitCode == 1 && !submitted.err.contains("Wrote"), qPrintable(submitted.err));
    QVERIFY(!QFile::exists(d + "/coll/batch.sbatch"));
}

void TestCollectionRuns::failedAutosaveIsAWarning()
{
    const QString d = freshFolder("autosave");
    const QString plan = writePlan(
        d + "/plan.json", json::array({instantPiece("a", photo(), painting())}),
        {{"method", "optimize"},
         {"settings",
          {{"size", 32}, {"iterations", 2}, {"init", "content"}, {"weights", testsupport::randomWeightsPath().toStdString()}}}});
    // The autosave's place is taken by a folder: every save of it fails.
    writeFile(d + "/coll/state/a.autosave.brushwork/blocker", "x");
    const testsupport::CliOutcome run = cli({"batch", "run", plan, "-o", d + "/coll", "--threads", "1"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.err.contains("Warning: the autosave could not be written"), qPrintable(run.err));
    QVERIFY(QFile::exists(d + "/coll/images/a.png"));
}

void TestCollectionRuns::nonFiniteTfliteWeightsAreRefused()
{
    const QString file = QStringLiteral(BRUSHWORK_SOURCE_DIR) + "/models/style_transfer_fp16.tflite";
    const QByteArray bytes = readFile(file);
    const brushwork::tflite::Model intact({bytes.begin(), bytes.end()}, "intact");
    for (const auto& tensor : intact.tensors()) {
        if (!tensor.hasData || tensor.type != brushwork::tflite::ElementType::Float16)
            continue;
        std::vector<std::uint8_t> damaged(bytes.begin(), bytes.end());
        damaged[tensor.dataOffset] = 0x00; // float16 0x7E00: NaN
        damaged[tensor.dataOffset + 1] = 0x7E;
        const brushwork::tflite::Model model(damaged, "damaged.tflite");
        try {
            model.floats(tensor.name);
            QFAIL("a NaN weight was read");
        } catch (const brushwork::Error& error) {
            QVERIFY2(QString(error.what()).contains("holds NaN or infinity"), error.what());
        }
        return;
    }
    QFAIL("no float16 tensor in the transformer");
}

void TestCollectionRuns::builtinHashesAreTheManifests()
{
    const json manifest = json::parse(readFile(QStringLiteral(BRUSHWORK_SOURCE_DIR) + "/models/manifest.json").toStdString());
    QCOMPARE(manifest["builtin"].size(), brushwork::builtinModels().size());
    for (const brushwork::BuiltinModel& model : brushwork::builtinModels()) {
        bool listed = false;
        for (const json& entry : manifest["builtin"])
            listed = listed || (entry["file"] == model.file && entry["sha256"] == model.sha256);
        QVERIFY2(listed, model.file);
        const std::string path = QStringLiteral(BRUSHWORK_SOURCE_DIR "/models/").toStdString() + model.file;
        QCOMPARE(brushwork::sha256File(path), std::string(model.sha256));
    }
}

void TestCollectionRuns::textIsCheckedBeforeAnyWork()
{
    const QString d = freshFolder("text");
    const QString plan = writePlan(d + "/plan.json", json::array({instantPiece("a", photo(), painting())}));
    QCOMPARE(cli({"batch", "run", plan, "-o", d + "/coll", "--threads", "1"}).exitCode, 0);
    const testsupport::CliOutcome name = bash("\"$CLI\" batch mint '" + d + "/coll' --name $'Caf\\xe9' -o '" + d + "/m'");
    QVERIFY2(name.exitCode == 2 && name.err.contains("the collection's name \"Caf?\" is not printable text"),
             qPrintable(name.err));
    QVERIFY(!QFile::exists(d + "/m"));
    const testsupport::CliOutcome latin1 =
        bash("cp '" + photo() + "' '" + d + "'/$'caf\\xe9.png' && \"$CLI\" batch new --photos '" + d +
             "'/$'caf\\xe9.png' --paintings '" + painting() + "' -o '" + d + "/latin1.json'");
    QVERIFY2(latin1.exitCode == 2 && latin1.err.contains("--photos") && latin1.err.contains("not printable text"),
             qPrintable(latin1.err));
    QVERIFY(!QFile::exists(d + "/latin1.json"));
    const testsupport::CliOutcome nft =
        bash("\"$CLI\" render '" + d + "'/$'caf\\xe9.png' '" + painting() + "' --nft '" + d + "/nft' -o '" + d +
             "/nft.png' --weights '" + testsupport::randomWeightsPath() + "' --size 32 --iterations 2 --threads 1");
    QVERIFY2(nft.exitCode == 3 && nft.err.contains("minting metadata"), qPrintable(nft.err));
    QVERIFY(!QFile::exists(d + "/nft.png") && !QFile::exists(d + "/nft/metadata.json"));
    bash("rm '" + d + "'/$'caf\\xe9.png'"); // a name QDir cannot remove
}

QTEST_GUILESS_MAIN(TestCollectionRuns)
#include "tst_collectionruns.moc"
