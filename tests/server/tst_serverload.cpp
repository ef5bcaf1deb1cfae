// SPDX-License-Identifier: GPL-3.0-or-later
// brushwork-cli serve under load and faults, on the loopback with bounded
// loops: a burst of instant requests, a client hanging up mid-upload, a
// server stopped mid-job and started again on the same data folder.
#include "serverfixture.h"

#include <QDir>
#include <QFile>
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

} // namespace

class TestServerLoad : public QObject, public ServerFixture {
    Q_OBJECT

private Q_SLOTS:
    void aBurstOfInstantRequestsIsEachAnswered()
    {
        startServer({}, 4);
        const QByteArray request = instantRequest(photoPng(), paintingPng(), 32);
        constexpr int kRequests = 50;
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        std::vector<QByteArray> answers(kRequests);
        for (int i = 0; i < kRequests; ++i) {
            sockets.push_back(std::make_unique<QTcpSocket>());
            QTcpSocket* socket = sockets.back().get();
            connect(socket, &QTcpSocket::readyRead, this, [socket, &answers, i] { answers[i] += socket->readAll(); });
            connect(socket, &QTcpSocket::connected, this, [socket, request] { socket->write(request); });
            socket->connectToHost(QHostAddress::LocalHost, port());
        }
        auto allClosed = [&] {
            for (const auto& socket : sockets)
                if (socket->state() != QAbstractSocket::UnconnectedState)
                    return false;
            return true;
        };
        QTRY_VERIFY_WITH_TIMEOUT(allClosed(), 110000);
        int painted = 0;
        int refused = 0;
        for (const QByteArray& answer : answers) {
            const int status = statusOf(answer);
            QVERIFY2(status == 200 || status == 429, answer.left(200).constData());
            painted += status == 200;
            refused += status == 429;
        }
        qInfo("%d requests: %d painted, %d refused with 429", kRequests, painted, refused);
        QCOMPARE(painted + refused, kRequests); // none lost
        QVERIFY(painted >= 5);                  // at least the first jobs + queue got in
        QVERIFY(refused > 0);                   // and the bound held
        QCOMPARE(get("/v1/health").status, 200);
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
