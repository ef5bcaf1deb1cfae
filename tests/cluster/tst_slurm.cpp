// SPDX-License-Identifier: GPL-3.0-or-later
// A collection as a Slurm array on a real one-node cluster started on this
// machine (Debian's slurmctld, slurmd and munge, installed by
// scripts/install-cluster-deps.sh): every piece is painted, with the same
// pixels as a local run on as many threads; a task cancelled mid-piece
// leaves only what it had not finished for the resubmitted array. Needs
// root; skipped otherwise.
#include "brushwork/image.h"
#include "brushwork/sha256.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>
#include <unistd.h>

using nlohmann::json;

class TestSlurm : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void arrayPaintsEveryPieceAsALocalRunDoes();
    void cancelledTaskLeavesOnlyItsPiecesForTheResubmission();
    void quotedNamesReachSlurmAsOneWordAndRunNothing();

private:
    struct Outcome {
        int exitCode = -1;
        QString out;
        QString err;
    };
    Outcome run(const QString& program, const QStringList& args);
    Outcome cli(const QStringList& args) { return run(BRUSHWORK_CLI_PATH, args); }
    QString newPlan(const QString& name);
    bool jobFinished(const QString& job);
    int countInLogs(const QString& dir, const QString& job, const QString& text);
    QString mDir;
    QString mCluster;
    QString mWeights;
    bool mStarted = false;
    QProcessEnvironment mEnv = QProcessEnvironment::systemEnvironment();
};

TestSlurm::Outcome TestSlurm::run(const QString& program, const QStringList& args)
{
    QProcess process;
    process.setProcessEnvironment(mEnv);
    process.start(program, args);
    if (!process.waitForStarted() || !process.waitForFinished(100000))
        process.kill();
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

void TestSlurm::initTestCase()
{
    if (geteuid() != 0)
        QSKIP("needs root: it installs Slurm and MUNGE (scripts/install-cluster-deps.sh) and starts a one-node "
              "cluster; run ctest -L cluster as root");
    const Outcome installed = run(BRUSHWORK_SOURCE_DIR "/scripts/install-cluster-deps.sh", {});
    QVERIFY2(installed.exitCode == 0, qPrintable(installed.err));
    mDir = testsupport::scratchDir();
    mCluster = mDir + "/cluster";
    QVERIFY(QDir().mkpath(mCluster));
    const Outcome started = run(BRUSHWORK_SOURCE_DIR "/tests/cluster/slurmcluster.sh",
                                 {"start", mCluster, QString::number(QCoreApplication::applicationPid())});
    QVERIFY2(started.exitCode == 0, qPrintable(started.err));
    mStarted = true;
    mEnv.insert("SLURM_CONF", mCluster + "/slurm.conf");
    for (int i = 0; i < 2; ++i) {
        brushwork::saveImage(QString("%1/photo%2.png").arg(mDir).arg(i).toStdString(),
                             testsupport::makeContentImage(48 - 8 * i, 40));
        brushwork::saveImage(QString("%1/painting%2.png").arg(mDir).arg(i).toStdString(),
                             testsupport::makeStyleImage(40, 32 + 8 * i));
    }
    mWeights = testsupport::randomWeightsPath();
}

void TestSlurm::cleanupTestCase()
{
    if (!mStarted)
        return;
    run("scancel", {"--user", "root"});
    run(BRUSHWORK_SOURCE_DIR "/tests/cluster/slurmcluster.sh", {"stop", mCluster});
}

/// 2 photos x 2 paintings x 2 seeds, 32 px, a few iterations.
QString TestSlurm::newPlan(const QString& name)
{
    const QString plan = mDir + "/" + name + ".json";
    const Outcome made = cli({"batch", "new", "--photos", mDir + "/photo0.png", mDir + "/photo1.png", "--paintings",
                              mDir + "/painting0.png", mDir + "/painting1.png", "--seeds", "1", "2", "--weights",
                              mWeights, "--size", "32", "--first-scale", "32", "--iterations", "6", "-o", plan});
    return made.exitCode == 0 ? plan : QString();
}

bool TestSlurm::jobFinished(const QString& job)
{
    const Outcome queue = run("squeue", {"-h", "-j", job, "-o", "%i %T"});
    // Once Slurm forgets a finished job, asking for it is an error.
    return (queue.exitCode == 0 && queue.out.trimmed().isEmpty()) || queue.err.contains("Invalid job id");
}

int TestSlurm::countInLogs(const QString& dir, const QString& job, const QString& text)
{
    int count = 0;
    for (const QString& log : QDir(dir + "/logs").entryList({"slurm-" + job + "_*.out"})) {
        QFile file(dir + "/logs/" + log);
        if (file.open(QIODevice::ReadOnly))
            count += QString::fromUtf8(file.readAll()).count(text);
    }
    return count;
}

void TestSlurm::arrayPaintsEveryPieceAsALocalRunDoes()
{
    const QString plan = newPlan("array");
    QVERIFY(!plan.isEmpty());
    const QString dir = mDir + "/array";
    const Outcome submitted = cli({"batch", "submit", plan, "-o", dir, "--tasks", "4"});
    QVERIFY2(submitted.exitCode == 0, qPrintable(submitted.err));
    const QString job = submitted.out.trimmed();
    QVERIFY2(!job.isEmpty(), qPrintable(submitted.err));
    QTRY_VERIFY_WITH_TIMEOUT(jobFinished(job), 60000);

    const Outcome status = cli({"batch", "status", dir});
    QVERIFY2(status.out.startsWith("done 8, running 0, failed 0, left 0"), qPrintable(status.out));
    const json manifest = json::parse(std::ifstream((dir + "/manifest.json").toStdString()));
    QCOMPARE(manifest["pieces"].size(), std::size_t(8));
    QCOMPARE(countInLogs(dir, job, ": painted "), 8);
    QCOMPARE(QDir(dir + "/logs").entryList({"slurm-" + job + "_*.out"}).size(), 4);

    // Each task had one CPU, so one thread: the same pixels as a local run on one thread.
    const Outcome local = cli({"batch", "run", plan, "-o", mDir + "/local", "--threads", "1"});
    QCOMPARE(local.exitCode, 0);
    for (const json& piece : manifest["pieces"]) {
        const QString image = "/images/" + QString::fromStdString(piece["id"].get<std::string>()) + ".png";
        QCOMPARE(brushwork::sha256File((dir + image).toStdString()),
                 brushwork::sha256File((mDir + "/local" + image).toStdString()));
    }
}

void TestSlurm::cancelledTaskLeavesOnlyItsPiecesForTheResubmission()
{
    const QString planFile = newPlan("cancel");
    QVERIFY(!planFile.isEmpty());
    // Piece 3 (task 3's first) is slow enough to be cancelled half way:
    // two scales (from the photo: from the instant picture there is only the
    // final one), so its autosave holds a picture after the first, and most
    // of its iterations come after that.
    json plan = json::parse(std::ifstream(planFile.toStdString()));
    const std::string slow = "003-photo0-painting1-s2";
    plan["overrides"] = {{slow, {{"size", 48}, {"iterations", 120}, {"init", "content"}}}};
    std::ofstream(planFile.toStdString()) << plan.dump(2);
    const QString dir = mDir + "/cancel";

    const Outcome submitted = cli({"batch", "submit", planFile, "-o", dir, "--tasks", "4"});
    QVERIFY2(submitted.exitCode == 0, qPrintable(submitted.err));
    const QString job = submitted.out.trimmed();
    const QString autosavePicture = dir + "/state/" + QString::fromStdString(slow) + ".autosave.result.png";
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(autosavePicture), 60000);
    const Outcome cancelled = run("scancel", {job + "_3"});
    QCOMPARE(cancelled.exitCode, 0);
    QTRY_VERIFY_WITH_TIMEOUT(jobFinished(job), 60000);

    const Outcome before = cli({"batch", "status", dir});
    QVERIFY2(before.out.contains(", running 0, failed 0, left "), qPrintable(before.out));
    const int left = before.out.section("left ", 1).section('\n', 0, 0).toInt();
    QVERIFY2(left >= 1 && left <= 2, qPrintable(before.out)); // piece 3, and 7 unless task 3 never got to it
    QVERIFY(QFile::exists(autosavePicture));
    QCOMPARE(countInLogs(dir, job, ": painted "), 8 - left);

    const Outcome again = cli({"batch", "submit", planFile, "-o", dir, "--tasks", "4"});
    QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    const QString second = again.out.trimmed();
    QTRY_VERIFY_WITH_TIMEOUT(jobFinished(second), 90000);
    QCOMPARE(countInLogs(dir, second, ": painted "), left);
    QCOMPARE(countInLogs(dir, second, ": skipped (done)"), 8 - left);
    QVERIFY(cli({"batch", "status", dir}).out.startsWith("done 8, running 0, failed 0, left 0"));
    QVERIFY(!QFile::exists(autosavePicture));
}

/// The folder, the plan's file and name and --job-name carry spaces, quotes,
/// '%', '#', '$(...)' and backticks: sbatch must take each as one word (the
/// logs land in the folder) and no shell may run what they hold.
void TestSlurm::quotedNamesReachSlurmAsOneWordAndRunNothing()
{
    // Relative: a slash would make the plan's name a folder. Jobs run in the submitter's folder.
    const QString hostile = " it's \"%A\" #1 $(touch ran) `touch ran`";
    const QString base = newPlan("quoted");
    QVERIFY(!base.isEmpty());
    json plan = json::parse(std::ifstream(base.toStdString()));
    plan["name"] = hostile.toStdString();
    const QString dir = mDir + "/out" + hostile;
    const QString planFile = dir + ".json";
    std::ofstream(planFile.toStdString()) << plan.dump(2);

    const Outcome submitted = cli({"batch", "submit", planFile, "-o", dir, "--tasks", "2", "--job-name", hostile});
    QVERIFY2(submitted.exitCode == 0, qPrintable(submitted.err));
    const QString job = submitted.out.trimmed();
    QTRY_VERIFY_WITH_TIMEOUT(jobFinished(job), 60000);
    const Outcome status = cli({"batch", "status", dir});
    QVERIFY2(status.out.startsWith("done 8, running 0, failed 0, left 0"), qPrintable(status.out + status.err));
    QCOMPARE(countInLogs(dir, job, ": painted "), 8);
    const Outcome name = run("sacct", {"-n", "-X", "-j", job, "-o", "JobName%200"});
    if (name.exitCode == 0 && !name.out.trimmed().isEmpty()) // sacct needs accounting, which may be off
        QVERIFY2(name.out.contains("$(touch"), qPrintable(name.out));
    QVERIFY(!QFile::exists("ran"));
    QVERIFY(!QFile::exists(dir + "/ran"));
}

QTEST_GUILESS_MAIN(TestSlurm)
#include "tst_slurm.moc"
