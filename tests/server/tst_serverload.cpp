// SPDX-License-Identifier: GPL-3.0-or-later
// brushwork-cli serve under load and faults, on the loopback with bounded
// loops: a burst of instant requests within the memory plan, a client
// hanging up mid-upload, a server stopped mid-job and started again on the
// same data folder.
#include "serverfixture.h"
#include "testsupport.h"

#include "brushwork/paintmemory.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <memory>

namespace {

/// A whole multipart request for /v1/instant, as raw bytes.
QByteArray instantRequest(const QByteArray& photo, const QByteArray& painting, int size)
{
    const QByteArray boundary = "brushworkboundary";
    QByteArray body;
    auto add = [&](const QByteArray& name, const QByteArray& value) {
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + name +
                "\"\r\n\r\n" + value + "\r\n";
    };
    add("photo", photo);
    add("painting", painting);
    add("size", QByteArray::number(size));
    body += "--" + boundary + "--\r\n";
    return "POST /v1/instant HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: multipart/form-data; "
           "boundary=" +
           boundary + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

int statusOf(const QByteArray& answer)
{
    return answer.startsWith("HTTP/1.1 ") ? answer.mid(9, 3).toInt() : 0;
}

/// A field of /proc/PID/status ("VmRSS", "VmHWM"), in bytes; 0 when unread.
std::uint64_t procStatusBytes(qint64 pid, const QByteArray& field)
{
    QFile status(QString("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith(field + ":"))
            return line.mid(field.size() + 1).trimmed().split(' ').first().toULongLong() * 1024;
    return 0;
}

/// Starts VmHWM again from VmRSS (Linux 4.0 and later), so the next peak is the burst's own.
bool resetPeak(qint64 pid)
{
    QFile clear(QString("/proc/%1/clear_refs").arg(pid));
    return clear.open(QIODevice::WriteOnly) && clear.write("5") == 1;
}

/// `brushwork-cli serve` in a process of its own on a free loopback port:
/// its memory is the server's alone.
struct ChildServer {
    QProcess process;
    quint16 port = 0;
    QByteArray said; ///< its standard error up to "Serving on"

    bool start(const QStringList& options)
    {
        process.setProgram(BRUSHWORK_CLI_PATH);
        process.setArguments(QStringList{"serve", "--port", "0", "--data", testsupport::scratchDir() + "/child-data",
                                         "--weights", testsupport::randomWeightsPath(brushwork::NetworkKind::SqueezeNet),
                                         "--network", "squeezenet", "--device", "cpu"} +
                             options);
        QObject::connect(&process, &QProcess::readyReadStandardError, [&] { said += process.readAllStandardError(); });
        process.start();
        QSignalSpy heard(&process, &QProcess::readyReadStandardError);
        // The whole line: stderr may come in pieces.
        auto heardPort = [this] { return said.contains("Serving on") && said.indexOf('\n', said.indexOf("Serving on")) > 0; };
        while (!heardPort() && process.state() != QProcess::NotRunning && heard.wait(60000)) {
        }
        process.disconnect();
        const qsizetype at = said.indexOf("127.0.0.1:");
        port = at < 0 ? 0 : quint16(said.mid(at + 10, said.indexOf('/', at) - at - 10).toUInt());
        return port != 0;
    }
    ~ChildServer()
    {
        process.kill();
        process.waitForFinished(10000);
    }
};

} // namespace

class TestServerLoad : public QObject, public ServerFixture {
    Q_OBJECT

    /// Sends `request` on `count` connections at once; the answers, in order.
    std::vector<QByteArray> send(quint16 port, const QByteArray& request, int count)
    {
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        std::vector<QByteArray> answers(count);
        for (int i = 0; i < count; ++i) {
            sockets.push_back(std::make_unique<QTcpSocket>());
            QTcpSocket* socket = sockets.back().get();
            connect(socket, &QTcpSocket::readyRead, this, [socket, &answers, i] { answers[i] += socket->readAll(); });
            connect(socket, &QTcpSocket::connected, this, [socket, request] { socket->write(request); });
            socket->connectToHost(QHostAddress::LocalHost, port);
        }
        auto allClosed = [&] {
            for (const auto& socket : sockets)
                if (socket->state() != QAbstractSocket::UnconnectedState)
                    return false;
            return true;
        };
        if (!QTest::qWaitFor(allClosed, 110000))
            qWarning("not every request was answered in 110 s");
        return answers;
    }

private Q_SLOTS:
    void aBurstOfInstantRequestsIsEachAnsweredWithinTheMemoryPlan()
    {
        ChildServer server;
        QVERIFY2(server.start({"--jobs", "1", "--queue", "4"}), server.said.constData());
        // A photo large enough that decoding many at once would show: 1024×768 is 9 MB as the engine holds it.
        const cv::Size photo(1024, 768);
        const cv::Size painting(64, 64);
        const QByteArray request = instantRequest(png(testsupport::makeContentImage(photo.width, photo.height)),
                                                  paintingPng(), 32);
        // The networks and LibTorch's own memory are loaded by the first picture, outside any request's plan.
        QCOMPARE(statusOf(send(server.port, request, 1).at(0)), 200);
        const qint64 pid = server.process.processId();
        QVERIFY(resetPeak(pid));
        const std::uint64_t before = procStatusBytes(pid, "VmRSS");
        constexpr int kRequests = 50;
        const std::vector<QByteArray> answers = send(server.port, request, kRequests);
        const std::uint64_t peak = procStatusBytes(pid, "VmHWM");
        int painted = 0;
        int refused = 0;
        for (const QByteArray& answer : answers) {
            const int status = statusOf(answer);
            QVERIFY2(status == 200 || status == 429, answer.left(200).constData());
            painted += status == 200;
            refused += status == 429;
        }
        QCOMPARE(painted + refused, kRequests); // none lost
        QVERIFY(painted >= 5);                  // at least the first jobs + queue got in
        QVERIFY(refused > 0);                   // and the bound held
        // The plan: --jobs pictures painted at once, each within its
        // estimate, and every request's body read before it is answered.
        const std::uint64_t picture = brushwork::instantPaintBytes({photo, painting}, 32);
        const std::uint64_t bodies = std::uint64_t(kRequests) * std::uint64_t(request.size());
        const std::uint64_t planned = 1 * picture + bodies;
        const std::uint64_t grown = peak > before ? peak - before : 0;
        qInfo("%d requests: %d painted, %d refused with 429; peak %.1f MB above the %.1f MB before, planned %.1f MB "
              "(a picture %.1f MB, the bodies %.1f MB)",
              kRequests, painted, refused, grown / 1e6, before / 1e6, planned / 1e6, picture / 1e6, bodies / 1e6);
        QVERIFY(before > 0 && peak > 0);
        QVERIFY2(grown <= planned, qPrintable(QString("%1 bytes over the plan").arg(grown - planned)));
    }

    void aClientHangingUpMidUploadLeavesNothing()
    {
        startServer();
        const QStringList before = QDir(mData + "/jobs").entryList(QDir::NoDotAndDotDot | QDir::AllEntries);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port());
        QVERIFY(socket.waitForConnected(5000));
        const QByteArray whole = instantRequest(photoPng(), paintingPng(), 32);
        const QByteArray job = QByteArray(whole).replace("/v1/instant", "/v1/jobs");
        socket.write(job.left(job.size() / 2));
        QVERIFY(socket.waitForBytesWritten(5000));
        socket.abort();
        // The server is fine and kept nothing: the next request is answered, the folder is as it was.
        QCOMPARE(get("/v1/health").status, 200);
        QCOMPARE(get("/v1/jobs").json()["jobs"].size(), std::size_t(0));
        QCOMPARE(QDir(mData + "/jobs").entryList(QDir::NoDotAndDotDot | QDir::AllEntries), before);
        // The same for an event stream dropped while its job paints.
        const QString id = submitJob(30);
        QTcpSocket watcher;
        QByteArray heard;
        connect(&watcher, &QTcpSocket::readyRead, this, [&] { heard += watcher.readAll(); });
        watcher.connectToHost(QHostAddress::LocalHost, port());
        QVERIFY(watcher.waitForConnected(5000));
        watcher.write("GET /v1/jobs/" + id.toLatin1() + "/events HTTP/1.1\r\nHost: x\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(heard.contains("event: progress"), 30000);
        watcher.abort();
        const nlohmann::json done = waitForJob(id, [](const nlohmann::json& s) { return s["state"] == "done"; });
        QCOMPARE(done["state"].get<std::string>(), std::string("done"));
    }

    void aRestartedServerListsTheInterruptedJobAndGoesOnFromItsAutosave()
    {
        startServer();
        const QString data = mData;
        // Two scales: the first one's end is autosaved.
        const QString id = submitSettings(R"({"size": 64, "first_scale": 32, "iterations": 3000, "init": "content"})");
        const QString recipe = data + "/jobs/" + id + "/recipe.brushwork";
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(recipe), 60000);
        const int total = get("/v1/jobs/" + id).json()["total_iterations"];
        QVERIFY(total > 0);
        stopServer(); // as a killed server leaves it: the record says the job was painting
        startServer({}, 16, 8 << 20, data);
        const nlohmann::json jobs = get("/v1/jobs").json()["jobs"];
        QCOMPARE(jobs.size(), std::size_t(1));
        QCOMPARE(jobs[0]["id"].get<std::string>(), id.toStdString());
        QCOMPARE(jobs[0]["state"].get<std::string>(), std::string("interrupted"));
        QCOMPARE(postJson("/v1/jobs/" + id + "/resume", {}).status, 200);
        // It goes on from the autosaved picture with the iterations it had left, not from the photo.
        const nlohmann::json again = waitForJob(id, [total](const nlohmann::json& s) {
            return s["total_iterations"] < total && s["iteration"] > 0;
        });
        QVERIFY2(again["total_iterations"] < total, again.dump().c_str());
        const int cancel = postJson("/v1/jobs/" + id + "/cancel", {}).status;
        QVERIFY(cancel == 200 || cancel == 409); // 409: it had finished already
    }

    void cleanup() { stopServer(); }
};

QTEST_GUILESS_MAIN(TestServerLoad)
#include "tst_serverload.moc"
