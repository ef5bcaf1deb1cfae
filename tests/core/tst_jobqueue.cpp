// SPDX-License-Identifier: GPL-3.0-or-later
// The server's job queue without HTTP: settings checked as a plan's with
// nothing left behind when refused, the bound on jobs, steering checks and
// the retention of finished jobs.
#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/jobs/jobqueue.h"
#include "testsupport.h"

#include <QDir>
#include <QTest>
#include <QUuid>


#include <filesystem>

namespace {

brushwork::JobUpload upload(const std::string& settings, brushwork::PaintMethod method)
{
    brushwork::JobUpload job;
    job.method = method;
    job.photo = brushwork::pngBytes(testsupport::makeContentImage(40, 30));
    job.paintings = {brushwork::pngBytes(testsupport::makeStyleImage(32, 32))};
    job.settingsJson = settings;
    return job;
}

} // namespace

class TestJobQueue : public QObject {
    Q_OBJECT

    brushwork::JobQueueOptions options(int capacity)
    {
        brushwork::JobQueueOptions options;
        options.dataFolder = (testsupport::scratchDir() + "/queue-" + QUuid::createUuid().toString(QUuid::Id128)).toStdString();
        options.capacity = capacity;
        options.engine.weightsPath = testsupport::randomWeightsPath(brushwork::NetworkKind::SqueezeNet).toStdString();
        options.engine.network = brushwork::NetworkKind::SqueezeNet;
        options.engine.device = brushwork::DeviceKind::Cpu;
        options.retention = std::chrono::hours(1);
        return options;
    }

    static int folders(const brushwork::JobQueueOptions& options)
    {
        return QDir(QString::fromStdString(options.dataFolder) + "/jobs").entryList(QDir::Dirs | QDir::NoDotAndDotDot).size();
    }

private Q_SLOTS:
    void refusedSettingsLeaveNothing()
    {
        const brushwork::JobQueueOptions settings = options(4);
        brushwork::JobQueue queue(settings);
        for (const char* bad : {R"({"iterations": -3})", R"({"pooling": "median"})", R"({"weights": "/etc/passwd"})",
                                R"([1, 2])", R"({"no_such_key": 1})"}) {
            try {
                queue.submit(upload(bad, brushwork::PaintMethod::Optimize));
                QFAIL(bad);
            } catch (const brushwork::Error& error) {
                QCOMPARE(error.kind(), brushwork::ErrorKind::BadInput);
                QVERIFY2(error.hint().find("collection plan") != std::string::npos, error.what());
            }
        }
        QCOMPARE(folders(settings), 0);
        QVERIFY(queue.list().empty());
    }

    void aFullQueueRefusesAndSteeringIsChecked()
    {
        brushwork::JobQueue queue(options(1));
        const std::string id = queue.submit(upload(R"({"size": 32, "iterations": 100000, "init": "content"})",
                                                   brushwork::PaintMethod::Optimize));
        QVERIFY_THROWS_EXCEPTION(brushwork::JobQueueFull,
                                 queue.submit(upload("{}", brushwork::PaintMethod::Instant)));
        brushwork::JobSteering shares;
        shares.shares = {1, 2};
        QVERIFY_THROWS_EXCEPTION(brushwork::Error, queue.steer(id, shares));
        brushwork::JobSteering negative;
        negative.style = -1;
        QVERIFY_THROWS_EXCEPTION(brushwork::Error, queue.steer(id, negative));
        QCOMPARE(queue.steer("no-such-job", {}), brushwork::JobAction::NoSuchJob);
        QCOMPARE(queue.cancel(id), brushwork::JobAction::Done);
        QTRY_COMPARE_WITH_TIMEOUT(queue.status(id)->state, brushwork::JobState::Cancelled, 60000);
    }

    void finishedJobsGoAfterTheRetentionTime()
    {
        const brushwork::JobQueueOptions settings = options(4);
        brushwork::JobQueue queue(settings);
        const std::string id = queue.submit(upload(R"({"size": 32})", brushwork::PaintMethod::Instant));
        QTRY_COMPARE_WITH_TIMEOUT(queue.status(id)->state, brushwork::JobState::Done, 60000);
        QVERIFY(!queue.resultPath(id).empty());
        QCOMPARE(queue.removeExpired(), 0); // finished just now
        const std::filesystem::path record = std::filesystem::path(settings.dataFolder) / "jobs" / id / "job.json";
        std::filesystem::last_write_time(record, std::filesystem::last_write_time(record) - std::chrono::hours(2));
        QCOMPARE(queue.removeExpired(), 1);
        QVERIFY(!queue.status(id));
        QCOMPARE(folders(settings), 0);
    }
};

QTEST_GUILESS_MAIN(TestJobQueue)
#include "tst_jobqueue.moc"
