// SPDX-License-Identifier: GPL-3.0-or-later
// brushwork-cli batch: a plan made on the command line is rendered, stopped
// with Ctrl-C, resumed (only the rest renders), minted and checked with
// sha256sum; shards and jobs share a folder and paint every piece once with
// the same pixels; bad plans and failed pieces are reported by name.
#include "brushwork/image.h"
#include "brushwork/sha256.h"
#include "clirunner.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <csignal>
#include <fstream>

using nlohmann::json;

class TestBatch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void planRunInterruptResumeMint();
    void badPlanIsRefusedBeforeAnythingRenders();
    void failedPieceIsReportedAndRetried();
    void shardsAndJobsPaintEachPieceOnceAlike();
    void submitWithoutSlurmSaysHowToRunTheShards();
    void batchHelpPrintsTheUsage();
    void fastMethodPaintsWithAStyleNetwork();
    void instantMethodPaintsWithTheBuiltinNetwork();
    void plateauWindowReachesThePaintedPiece();

private:
    struct Outcome : testsupport::CliOutcome {
        int count(const QString& status) const { return out.count("\"status\":\"" + status + "\""); }
    };
    static Outcome cli(const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
    {
        return {testsupport::runCli(args, env)};
    }
    QString newPlan(const QString& name, const QStringList& photos, const QStringList& extra = {}, int paintings = 2);
    QString mDir;
    QString mWeights;
    QStringList mPhotos;
    QStringList mPaintings;
};

void TestBatch::initTestCase()
{
    mDir = testsupport::scratchDir();
    for (int i = 0; i < 3; ++i) {
        mPhotos << mDir + QString("/photo%1.png").arg(i);
        brushwork::saveImage(mPhotos.last().toStdString(), testsupport::makeContentImage(40 + 4 * i, 32));
    }
    for (int i = 0; i < 2; ++i) {
        mPaintings << mDir + QString("/painting%1.png").arg(i);
        brushwork::saveImage(mPaintings.last().toStdString(), testsupport::makeStyleImage(32 + 8 * i, 32));
    }
    mWeights = testsupport::randomWeightsPath();
}

QString TestBatch::newPlan(const QString& name, const QStringList& photos, const QStringList& extra, int paintings)
{
    const QString plan = mDir + "/" + name + ".json";
    QStringList args = {"batch", "new", "--photos"};
    args << photos << "--paintings" << mPaintings.mid(0, paintings) << "--weights" << mWeights << "--size" << "32" << "--first-scale"
         << "32" << "--iterations" << "4" << extra << "-o" << plan;
    const Outcome made = cli(args);
    if (made.exitCode != 0)
        qWarning() << made.err;
    return made.exitCode == 0 ? plan : QString();
}

void TestBatch::planRunInterruptResumeMint()
{
    // 3 photos x 2 paintings x 2 seeds.
    const QString plan = newPlan("cats", mPhotos, {"--seeds", "1", "2", "--name", "Cats"});
    QVERIFY(!plan.isEmpty());
    const json written = json::parse(std::ifstream(plan.toStdString()));
    QCOMPARE(written["grid"]["seeds"].size(), std::size_t(2));
    QCOMPARE(written["settings"]["size"].get<int>(), 32);
    const QString dir = mDir + "/cats";

    // Ctrl-C once a few pieces are done.
    QProcess first;
    first.start(BRUSHWORK_CLI_PATH, {"batch", "run", plan, "-o", dir, "--threads", "1", "--progress", "json"});
    QVERIFY(first.waitForStarted());
    int painted = 0;
    QByteArray lines;
    while (painted < 4 && first.waitForReadyRead(60000)) {
        while (first.canReadLine()) {
            const QByteArray line = first.readLine();
            lines += line;
            painted += line.contains("\"status\":\"painted\"");
        }
    }
    QCOMPARE(painted, 4);
    ::kill(pid_t(first.processId()), SIGINT);
    QVERIFY(first.waitForFinished(60000));
    QCOMPARE(first.exitCode(), 4);
    lines += first.readAllStandardOutput();
    const int doneFirst = lines.count("\"status\":\"painted\"");
    QVERIFY(doneFirst >= 4 && doneFirst < 12);

    const Outcome status = cli({"batch", "status", dir});
    QCOMPARE(status.exitCode, 0);
    QVERIFY2(status.out.startsWith(QString("done %1, running 0, failed 0, left %2").arg(doneFirst).arg(12 - doneFirst)),
             qPrintable(status.out));
    const Outcome early = cli({"batch", "mint", dir, "--name", "Cats"});
    QCOMPARE(early.exitCode, 3);
    QVERIFY2(early.err.contains("not finished") && early.err.contains(QString("%1 of 12").arg(12 - doneFirst)),
             qPrintable(early.err));

    // Again: only the rest is painted.
    const Outcome second = cli({"batch", "run", plan, "-o", dir, "--threads", "1", "--progress", "json"});
    QCOMPARE(second.exitCode, 0);
    QCOMPARE(second.count("skipped"), doneFirst);
    QCOMPARE(second.count("painted"), 12 - doneFirst);
    QCOMPARE(QDir(dir + "/images").entryList({"*.png"}).size(), 12);
    QVERIFY(QDir(dir + "/state").entryList({"*.autosave.*"}).isEmpty());

    const Outcome mint = cli({"batch", "mint", dir, "--name", "Cats", "--description", "Three cats, two ways"});
    QCOMPARE(mint.exitCode, 0);
    QProcess check;
    check.setWorkingDirectory(dir + "/mint");
    check.start("sha256sum", {"-c", "--strict", "SHA256SUMS"});
    QVERIFY(check.waitForFinished());
    QCOMPARE(check.exitCode(), 0);
    QCOMPARE(QString(check.readAllStandardOutput()).count(": OK"), 12 * 2 + 2);
    const json token = json::parse(std::ifstream((dir + "/mint/metadata/12.json").toStdString()));
    QCOMPARE(token["name"].get<std::string>(), std::string("Cats #12"));
    QCOMPARE(token["attributes"][0]["value"].get<std::string>(), std::string("photo2"));
}

void TestBatch::badPlanIsRefusedBeforeAnythingRenders()
{
    const QString plan = mDir + "/bad.json";
    std::ofstream(plan.toStdString()) << json({{"format", "brushwork-collection-plan"},
                                               {"version", 1},
                                               {"grid", {{"photos", {mPhotos[0].toStdString()}},
                                                         {"paintings", {mPaintings[0].toStdString()}}}},
                                               {"pieces", {{{"photo", mPhotos[1].toStdString()},
                                                            {"paintings", "missing.jpg"}}}}})
                                             .dump();
    const Outcome run = cli({"batch", "run", plan, "-o", mDir + "/bad"});
    QCOMPARE(run.exitCode, 3);
    QVERIFY2(run.err.contains("piece \"001-photo1-missing\"") && run.err.contains("missing.jpg\" does not exist"),
             qPrintable(run.err));
    QVERIFY(!QFile::exists(mDir + "/bad"));

    const Outcome made = cli({"batch", "new", "--photos", mPhotos[0], "--paintings", mPaintings[0], "--iterations",
                              "lots", "-o", mDir + "/bad2.json"});
    QCOMPARE(made.exitCode, 3);
    QVERIFY2(made.err.contains("\"settings.iterations\" should be a number"), qPrintable(made.err));
    QVERIFY(!QFile::exists(mDir + "/bad2.json"));
}

void TestBatch::failedPieceIsReportedAndRetried()
{
    const QString broken = mDir + "/broken.png";
    QFile::copy(mPhotos[0], broken);
    const QString plan = newPlan("broken", {mPhotos[1], broken}, {}, 1);
    QVERIFY(!plan.isEmpty());
    QFile file(broken);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("not a picture any more");
    file.close();
    const QString dir = mDir + "/broken";

    const Outcome run = cli({"batch", "run", plan, "-o", dir, "--threads", "1", "--progress", "json"});
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.count("painted"), 1);
    QCOMPARE(run.count("failed"), 1);
    const Outcome status = cli({"batch", "status", dir});
    QVERIFY2(status.out.contains("done 1, running 0, failed 1, left 0"), qPrintable(status.out));
    QVERIFY2(status.out.contains("failed  001-broken-painting0") && status.out.contains("broken.png"),
             qPrintable(status.out));

    // Failed pieces stay failed until they are queued again.
    QCOMPARE(cli({"batch", "run", plan, "-o", dir, "--progress", "json"}).count("painted"), 0);
    QFile::remove(broken);
    QFile::copy(mPhotos[0], broken);
    QCOMPARE(cli({"batch", "retry-failed", dir}).exitCode, 0);
    const Outcome again = cli({"batch", "run", plan, "-o", dir, "--threads", "1", "--progress", "json"});
    QCOMPARE(again.exitCode, 0);
    QCOMPARE(again.count("painted"), 1);
    QVERIFY(cli({"batch", "status", dir}).out.startsWith("done 2, running 0, failed 0, left 0"));
}

void TestBatch::shardsAndJobsPaintEachPieceOnceAlike()
{
    const QString plan = newPlan("shared", mPhotos.mid(0, 2), {"--seeds", "5"});
    QVERIFY(!plan.isEmpty());
    // Two shards and a second process on each shard, all at once in one folder.
    const QString dir = mDir + "/sharded";
    std::vector<std::unique_ptr<QProcess>> processes;
    for (const QString shard : {"0/2", "1/2", "0/2", "1/2"}) {
        processes.push_back(std::make_unique<QProcess>());
        processes.back()->start(BRUSHWORK_CLI_PATH, {"batch", "run", plan, "-o", dir, "--shard", shard, "--threads",
                                                     "1", "--progress", "json"});
    }
    int painted = 0;
    for (auto& process : processes) {
        QVERIFY(process->waitForFinished(110000));
        QCOMPARE(process->exitCode(), 0);
        painted += QString(process->readAllStandardOutput()).count("\"status\":\"painted\"");
    }
    QCOMPARE(painted, 4);
    const Outcome jobs = cli({"batch", "run", plan, "-o", mDir + "/jobs", "--jobs", "2", "--threads", "2",
                              "--progress", "json"});
    QCOMPARE(jobs.exitCode, 0);
    QCOMPARE(jobs.count("painted"), 4);
    QVERIFY2(jobs.err.contains("2 jobs of 1 thread"), qPrintable(jobs.err));

    // Same seeds, same thread count: the same pixels wherever a piece was painted.
    const QStringList images = QDir(dir + "/images").entryList({"*.png"});
    QCOMPARE(images.size(), 4);
    for (const QString& image : images)
        QCOMPARE(brushwork::sha256File((dir + "/images/" + image).toStdString()),
                 brushwork::sha256File((mDir + "/jobs/images/" + image).toStdString()));
}

void TestBatch::submitWithoutSlurmSaysHowToRunTheShards()
{
    const QString plan = newPlan("submit", mPhotos);
    QVERIFY(!plan.isEmpty());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("PATH", mDir + "/no-such-folder");
    const QString dir = mDir + "/submit";
    const Outcome submit =
        cli({"batch", "submit", plan, "-o", dir, "--tasks", "2", "--partition", "cpu", "--time", "1:00:00"}, env);
    QCOMPARE(submit.exitCode, 0);
    QVERIFY2(submit.err.contains("sbatch is not here") && submit.err.contains("--shard 1/2"), qPrintable(submit.err));
    QFile script(dir + "/batch.sbatch");
    QVERIFY(script.open(QIODevice::ReadOnly));
    const QString text = script.readAll();
    for (const char* line : {"#SBATCH --array=0-1", "#SBATCH --partition=cpu", "#SBATCH --time=1:00:00", " batch run "})
        QVERIFY2(text.contains(line), line);
    QVERIFY(cli({"batch", "status", dir}).out.startsWith("done 0, running 0, failed 0, left 6"));
}

void TestBatch::batchHelpPrintsTheUsage()
{
    for (const char* help : {"--help", "-h"}) {
        const Outcome o = cli({"batch", help});
        QCOMPARE(o.exitCode, 0);
        QVERIFY2(o.out.contains("batch new") && o.out.contains("batch mint"), qPrintable(o.out));
    }
}

void TestBatch::fastMethodPaintsWithAStyleNetwork()
{
    const QString model = testsupport::sharedDir() + "/models/fast-style/mathura.safetensors";
    if (testsupport::sharedDir().isEmpty() || !QFile::exists(model))
        QSKIP("needs ../shared/models/fast-style/mathura.safetensors");
    const QString plan = mDir + "/fast.json";
    const Outcome made = cli({"batch", "new", "--method", "fast", "--photos", mPhotos[0], mPhotos[1], "--models", model,
                              "--size", "48", "-o", plan});
    QCOMPARE(made.exitCode, 0);
    const Outcome run = cli({"batch", "run", plan, "-o", mDir + "/fast", "--progress", "json"});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.count("painted"), 2);
    const cv::Mat first = brushwork::loadImage((mDir + "/fast/images/000-photo0-mathura.png").toStdString());
    QCOMPARE(std::max(first.cols, first.rows), 48);
    const json record = json::parse(std::ifstream((mDir + "/fast/images/000-photo0-mathura.json").toStdString()));
    QCOMPARE(record["method"].get<std::string>(), std::string("fast"));
    QCOMPARE(record["weights_sha256"].get<std::string>(), brushwork::sha256File(model.toStdString()));
}

void TestBatch::instantMethodPaintsWithTheBuiltinNetwork()
{
    const QString plan = mDir + "/instant.json";
    const Outcome made = cli({"batch", "new", "--method", "instant", "--photos", mPhotos[0], "--paintings",
                              mPaintings[0], mPaintings[0] + "," + mPaintings[1], "--strength", "0.8", "--size", "48",
                              "-o", plan});
    QVERIFY2(made.exitCode == 0, qPrintable(made.err));
    QCOMPARE(json::parse(std::ifstream(plan.toStdString()))["method"].get<std::string>(), std::string("instant"));
    const QString dir = mDir + "/instant";
    const Outcome run = cli({"batch", "run", plan, "-o", dir, "--threads", "1", "--progress", "json"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(run.count("painted"), 2);
    const cv::Mat single = brushwork::loadImage((dir + "/images/000-photo0-painting0.png").toStdString());
    const cv::Mat blend = brushwork::loadImage((dir + "/images/001-photo0-painting0+painting1.png").toStdString());
    QCOMPARE(std::max(single.cols, single.rows), 48);
    QVERIFY(testsupport::meanAbsDifference(single, blend) > 0.005); // the second painting changed the blend
    const json record = json::parse(std::ifstream((dir + "/images/000-photo0-painting0.json").toStdString()));
    QCOMPARE(record["method"].get<std::string>(), std::string("instant"));
    QCOMPARE(record["weights_sha256"].get<std::string>().size(), std::size_t(64));

    const Outcome mint = cli({"batch", "mint", dir, "--name", "Instant cats"});
    QVERIFY2(mint.exitCode == 0, qPrintable(mint.err));
    const json metadata = json::parse(std::ifstream((dir + "/mint/metadata/1.json").toStdString()));
    QVERIFY2(metadata.dump().find("\"value\":\"instant\"") != std::string::npos, metadata.dump().c_str());
    QVERIFY2(metadata.dump().find("\"Strength\"") != std::string::npos, metadata.dump().c_str());
}

void TestBatch::plateauWindowReachesThePaintedPiece()
{
    // A setting added as one row of the table: batch new writes it, the plan
    // keeps it, and the piece is painted with it (its recipe is the run's).
    const QString plan = newPlan("window", mPhotos.mid(0, 1), {"--plateau-window", "3"}, 1);
    QVERIFY(!plan.isEmpty());
    const json written = json::parse(std::ifstream(plan.toStdString()));
    QCOMPARE(written["settings"]["plateau_window"].get<int>(), 3);
    const QString dir = mDir + "/window";
    const Outcome run = cli({"batch", "run", plan, "-o", dir, "--threads", "1"});
    QCOMPARE(run.exitCode, 0);
    const QStringList recipes = QDir(dir + "/images").entryList({"*.brushwork"});
    QCOMPARE(recipes.size(), 1);
    const json recipe = json::parse(std::ifstream((dir + "/images/" + recipes[0]).toStdString()));
    QCOMPARE(recipe["params"]["plateau"]["window"].get<int>(), 3);
}

QTEST_GUILESS_MAIN(TestBatch)
#include "tst_batch.moc"
