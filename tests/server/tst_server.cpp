// SPDX-License-Identifier: GPL-3.0-or-later
// brushwork-cli serve's API on the loopback: the token, each endpoint and the
// statuses of bad requests, and a job steered while it paints.
#include "serverfixture.h"

#include "brushwork/project.h"

#include <QDir>
#include <QTcpSocket>
#include <QTest>

#include <opencv2/imgcodecs.hpp>

namespace {

cv::Mat decoded(const QByteArray& bytes)
{
    return cv::imdecode(std::vector<unsigned char>(bytes.begin(), bytes.end()), cv::IMREAD_UNCHANGED);
}

} // namespace

class TestServer : public QObject, public ServerFixture {
    Q_OBJECT

private Q_SLOTS:
    void aTokenGuardsAllButHealth()
    {
        startServer("s3cret");
        QCOMPARE(get("/v1/health").status, 200);
        QVERIFY(get("/v1/health").json()["token_required"].get<bool>());
        // Where it paints, before any job loaded the network: the fixture's server paints on the CPU.
        QVERIFY(get("/v1/health").json()["device"].get<std::string>().rfind("CPU (", 0) == 0);
        const Answer missing = get("/v1/models");
        QCOMPARE(missing.status, 401);
        QVERIFY(missing.json()["remedy"].get<std::string>().find("Bearer") != std::string::npos);
        QCOMPARE(get("/v1/models", "s3cret-not").status, 401);
        QCOMPARE(get("/v1/jobs", "s3cre").status, 401);
        const Answer models = get("/v1/models", "s3cret");
        QCOMPARE(models.status, 200);
        QCOMPARE(models.json()["feature_network"]["sha256"].get<std::string>().size(), std::size_t(64));
        QCOMPARE(models.json()["instant"].size(), std::size_t(2));
    }

    void anAddressOtherThanLoopbackNeedsAToken()
    {
        server::ServerOptions options;
        options.host = QHostAddress::Any;
        options.port = 0;
        try {
            server::ApiServer refused(options);
            QFAIL("a server on every address started without a token");
        } catch (const brushwork::Error& error) {
            QVERIFY(std::string(error.what()).find("token") != std::string::npos);
        }
        QVERIFY(!server::needsToken(QHostAddress::LocalHostIPv6));
    }

    void thePageAndTheOpenApiDocumentAreServed()
    {
        startServer("t");
        const Answer page = get("/");
        QCOMPARE(page.status, 200);
        QVERIFY(page.body.contains("<script src=\"/app.js\">"));
        QCOMPARE(get("/app.js").status, 200);
        const Answer openapi = get("/v1/openapi.json");
        QCOMPARE(openapi.status, 200);
        QVERIFY(openapi.json()["paths"].contains("/v1/jobs/{id}/events"));
        QCOMPARE(get("/v1/nothing", "t").status, 404);
    }

    void instantAnswersThePicture()
    {
        startServer();
        const Answer answer = post("/v1/instant", form(2, {{"size", "40"}, {"style_weights", "1,3"}, {"strength", "0.8"}}));
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.contentType, QByteArray("image/png"));
        const cv::Mat picture = decoded(answer.body);
        QCOMPARE(picture.cols, 40);
        QCOMPARE(picture.rows, 30);
    }

    void badRequestsHaveTheirStatus()
    {
        startServer({}, 16, 200 * 1024);
        const Answer noPainting = post("/v1/instant", form(0));
        QCOMPARE(noPainting.status, 400);
        QCOMPARE(noPainting.json()["error"].get<std::string>(), std::string("there is no painting"));
        const Answer notAPicture = post("/v1/instant", form(1, {}, "GIF89a not really"));
        QCOMPARE(notAPicture.status, 415);
        QVERIFY(notAPicture.json()["error"].get<std::string>().find("the photo") == 0);
        const Answer strength = post("/v1/instant", form(1, {{"strength", "2"}}));
        QCOMPARE(strength.status, 400);
        QVERIFY(strength.json()["error"].get<std::string>().find("\"strength\" is out of range") != std::string::npos);
        const Answer shares = post("/v1/instant", form(1, {{"style_weights", "1,2"}}));
        QCOMPARE(shares.status, 400);
        const Answer settings = post("/v1/jobs", form(1, {{"settings", "{\"size\": \"big\"}"}}));
        QCOMPARE(settings.status, 400);
        QVERIFY(settings.json()["error"].get<std::string>().find("\"settings.size\" should be a number") !=
                std::string::npos);
        const Answer serverOwned = post("/v1/jobs", form(1, {{"settings", "{\"weights\": \"/etc/passwd\"}"}}));
        QCOMPARE(serverOwned.status, 400);
        QVERIFY(serverOwned.json()["error"].get<std::string>().find("\"weights\" is the server's") != std::string::npos);
        QCOMPARE(post("/v1/jobs", form(1, {{"method", "fast"}})).status, 400);
        const Answer huge = post("/v1/instant", form(1, {{"padding", QByteArray(300 * 1024, 'x')}}));
        QCOMPARE(huge.status, 413);
        QCOMPARE(get("/v1/jobs/0123456789abcdef").status, 404);
        QCOMPARE(get("/v1/health").status, 200); // none of it hurt the server
        QCOMPARE(QDir(mData + "/jobs").entryList(QDir::Dirs | QDir::NoDotAndDotDot).size(), 0);
    }

    void workOverTheMemoryBudgetIsRefused()
    {
        mMemoryBudget = 64 * 1024;
        startServer();
        mMemoryBudget = 0;
        for (const char* path : {"/v1/instant", "/v1/jobs"}) {
            const Answer answer = post(path, form(1));
            QCOMPARE(answer.status, 503);
            QVERIFY(answer.json()["remedy"].get<std::string>().find("smaller") != std::string::npos);
        }
        QCOMPARE(QDir(mData + "/jobs").entryList(QDir::Dirs | QDir::NoDotAndDotDot).size(), 0);
    }

    void aJobIsSteeredWhileItPaints()
    {
        startServer();
        const QString id = submitJob(100000);
        QVERIFY(!id.isEmpty());
        const nlohmann::json running = waitForJob(id, [](const nlohmann::json& s) { return s["iteration"] > 3; });
        QCOMPARE(running["state"].get<std::string>(), std::string("running"));
        QVERIFY(running["losses"]["style"].get<double>() > 0);
        const Answer steered = postJson("/v1/jobs/" + id, R"({"style_weight": 0, "tv_weight": 2.5})", {}, "PATCH");
        QCOMPARE(steered.status, 200);
        QCOMPARE(steered.json()["weights"]["style_weight"].get<double>(), 0.0);
        QCOMPARE(steered.json()["weights"]["tv_weight"].get<double>(), 2.5);
        // The run paints with the new weights: its weighted style term is 0 from the next evaluations on.
        const int at = steered.json()["iteration"];
        const nlohmann::json after = waitForJob(id, [at](const nlohmann::json& s) { return s["iteration"] > at + 2; });
        QCOMPARE(after["losses"]["style"].get<double>(), 0.0);
        QCOMPARE(postJson("/v1/jobs/" + id, R"({"style_weights": [1, 2]})", {}, "PATCH").status, 400);
        QCOMPARE(postJson("/v1/jobs/" + id, R"({"style_weight": -1})", {}, "PATCH").status, 400);
        QCOMPARE(postJson("/v1/jobs/" + id, R"({"size": 10})", {}, "PATCH").status, 400);

        QCOMPARE(postJson("/v1/jobs/" + id + "/pause", {}).status, 200);
        waitForJob(id, [](const nlohmann::json& s) { return s["state"] == "paused"; });
        QCOMPARE(postJson("/v1/jobs/" + id + "/resume", {}).status, 200);
        QCOMPARE(postJson("/v1/jobs/" + id + "/cancel", {}).status, 200);
        const nlohmann::json cancelled = waitForJob(id, [](const nlohmann::json& s) { return s["state"] == "cancelled"; });
        QVERIFY(cancelled["has_result"].get<bool>());
        QCOMPARE(postJson("/v1/jobs/" + id + "/pause", {}).status, 409);
        QCOMPARE(get("/v1/jobs").json()["jobs"].size(), std::size_t(1));
    }

    void aFinishedJobHasItsPictureAndRecipe()
    {
        startServer();
        const QString id = submitJob(6);
        const nlohmann::json done = waitForJob(id, [](const nlohmann::json& s) { return s["state"] == "done"; });
        QCOMPARE(done["state"].get<std::string>(), std::string("done"));
        for (const char* format : {"png", "tiff", "jpeg"}) {
            const Answer result = get("/v1/jobs/" + id + "/result?format=" + format);
            QCOMPARE(result.status, 200);
            QCOMPARE(decoded(result.body).cols, 48);
        }
        QCOMPARE(get("/v1/jobs/" + id + "/result?format=gif").status, 400);
        const Answer recipe = get("/v1/jobs/" + id + "/recipe");
        QCOMPARE(recipe.status, 200);
        const brushwork::Project project = brushwork::projectFromJson(recipe.body.toStdString(), "recipe");
        QCOMPARE(project.params.size, 48);
        QCOMPARE(project.network, std::string("squeezenet"));
    }

    void eventsStreamProgressAndPreviews()
    {
        startServer();
        const QString id = submitJob(40);
        QTcpSocket socket;
        QByteArray stream;
        connect(&socket, &QTcpSocket::readyRead, this, [&] { stream += socket.readAll(); });
        socket.connectToHost(QHostAddress::LocalHost, port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write("GET /v1/jobs/" + id.toLatin1() + "/events HTTP/1.1\r\nHost: x\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(stream.contains("event: preview"), 60000);
        QVERIFY(stream.startsWith("HTTP/1.1 200"));
        QVERIFY(stream.contains("text/event-stream"));
        QVERIFY(stream.contains("event: progress"));
        const qsizetype at = stream.indexOf("\"png\":\"") + 7;
        const QByteArray preview = QByteArray::fromBase64(stream.mid(at, stream.indexOf('"', at) - at));
        QCOMPARE(decoded(preview).cols, 48);
        // The stream ends with the job.
        QTRY_VERIFY_WITH_TIMEOUT(socket.state() == QAbstractSocket::UnconnectedState, 60000);
        QVERIFY(stream.contains("\"state\":\"done\""));
    }

    void cleanup() { stopServer(); }
};

QTEST_GUILESS_MAIN(TestServer)
#include "tst_server.moc"
