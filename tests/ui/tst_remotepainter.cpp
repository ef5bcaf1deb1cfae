// SPDX-License-Identifier: GPL-3.0-or-later
// The studio painting on a Brushwork server (issue 26): a server in this
// process on a free loopback port, seeded random SqueezeNet weights and
// tiny pictures. Frames come back with the run's id, steering and Stop reach
// the job, the finished picture is fetched, and a server that goes away
// mid-run is named in the notice while the last picture stays.
#include "../server/serverfixture.h"
#include "background/autosaver.h"
#include "background/remotepainter.h"
#include "background/stylerunner.h"
#include "sessionfixture.h"
#include "testsupport.h"
#include "widgets/paintondialog.h"
#include "window/paintoncontroller.h"
#include "window/runcontroller.h"

#include <QComboBox>
#include <memory>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>

using namespace brushwork::studio;

namespace {

/// A run of `iterations` at 48 px from the photo: long ones outlast the test.
StyleRequest smallRun(quint64 runId, int iterations)
{
    StyleRequest request;
    request.runId = runId;
    request.job.content = testsupport::makeContentImage(48, 32);
    request.job.styles.push_back({testsupport::makeStyleImage(32, 32), "stripes"});
    request.job.params.size = 48;
    request.job.params.firstScaleSide = 48;
    request.job.params.iterations = iterations;
    request.job.params.init = brushwork::InitKind::Content;
    request.job.params.stopAtPlateau = false;
    request.job.params.frameEvery = 1;
    request.job.params.seed = 3;
    request.control = std::make_shared<brushwork::RunControl>();
    return request;
}

} // namespace

class TestRemotePainter : public QObject, public ServerFixture {
    Q_OBJECT

private:
    PaintServer server() const { return {QUrl(QString("http://127.0.0.1:%1").arg(port())), {}}; }
    /// The one job the fresh server has.
    nlohmann::json onlyJob() { return get("/v1/jobs").json()["jobs"].at(0); }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        const QString models = testsupport::emptyModelDir();
        QVERIFY(QFile::copy(testsupport::randomWeightsPath(), models + "/vgg19.safetensors"));
    }

    void theEventStreamIsReadInAnyPiecesAndOddFieldsDoNotThrow()
    {
        ServerEvents events;
        QVERIFY(events.feed("event: progress\r\ndata: {\"iteration\": 3, \"losses\": {\"total\": 2.5}}\r").isEmpty());
        const QList<ServerEvents::Event> heard = events.feed("\n\r\nevent: state\ndata: {}\n\nevent: pre");
        QCOMPARE(heard.size(), 2);
        QCOMPARE(heard[0].name, QByteArray("progress"));
        const brushwork::Progress progress = progressOfJob(nlohmann::json::parse(heard[0].data.toStdString()));
        QCOMPARE(progress.iteration, 3);
        QCOMPARE(progress.loss, 2.5);
        QCOMPARE(heard[1].name, QByteArray("state"));
        // A server is not trusted to be well formed: fields of another kind fall back.
        const nlohmann::json odd = {{"iteration", "three"}, {"losses", {1, 2}}, {"state", 4}, {"has_result", "yes"}};
        QCOMPARE(progressOfJob(odd).iteration, 0);
        QCOMPARE(jsonText(odd, "state", "none"), QString("none"));
        QVERIFY(!jsonFlag(odd, "has_result"));
        QCOMPARE(jsonText(nlohmann::json::array(), "state"), QString());
    }

    void framesComeWithTheRunIdAndTheResultIsFetched()
    {
        startServer();
        RemotePainter painter(server());
        QSignalSpy ready(&painter, &RemotePainter::engineReady);
        QSignalSpy frames(&painter, &RemotePainter::frameReady);
        QSignalSpy finished(&painter, &RemotePainter::finished);
        QSignalSpy failed(&painter, &RemotePainter::failed);
        painter.run(smallRun(7, 12));
        QVERIFY(finished.wait(60000));
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(1).toString()));
        QCOMPARE(ready.size(), 1);
        QCOMPARE(ready.first().at(0).toULongLong(), quint64(7));
        // The server's device, as its health report names it.
        QVERIFY2(ready.first().at(1).toString().contains("CPU ("), qPrintable(ready.first().at(1).toString()));
        QVERIFY(!frames.isEmpty());
        for (const QList<QVariant>& frame : frames) {
            QCOMPARE(frame.at(0).toULongLong(), quint64(7));
            QCOMPARE(frame.at(1).value<QImage>().size(), QSize(48, 32));
        }
        QCOMPARE(finished.first().at(0).toULongLong(), quint64(7));
        QCOMPARE(finished.first().at(2).toBool(), false);
        const QImage result = finished.first().at(1).value<QImage>();
        QCOMPARE(result.size(), QSize(48, 32));
        QCOMPARE(onlyJob()["state"].get<std::string>(), std::string("done"));
        // What was fetched is the job's result, not the last preview.
        const Answer png = get("/v1/jobs/" + QString::fromStdString(onlyJob()["id"]) + "/result");
        QCOMPARE(result, QImage::fromData(png.body, "PNG").convertToFormat(QImage::Format_RGB888));
    }

    void steeringReachesTheJobAndStopCancelsIt()
    {
        startServer();
        StyleRunner runner;
        runner.paintOn(server());
        QSignalSpy frames(&runner, &StyleRunner::frameReady);
        QSignalSpy finished(&runner, &StyleRunner::finished);
        const StyleRequest run = smallRun(0, 100000);
        runner.start({}, run.job);
        QVERIFY(frames.wait(60000));
        QCOMPARE(onlyJob()["weights"]["style_weight"].get<double>(), double(run.job.params.weights.style));
        brushwork::LossWeights steered = run.job.params.weights;
        steered.style = 123.0f;
        steered.content = 0.5f;
        runner.steer(steered);
        // The job takes the weights at its next evaluation.
        QTRY_COMPARE_WITH_TIMEOUT(onlyJob()["weights"]["style_weight"].get<double>(), 123.0, 30000);
        QCOMPARE(onlyJob()["weights"]["content_weight"].get<double>(), 0.5);
        // Pause and resume are the job's.
        runner.setPaused(true);
        QVERIFY(runner.isPaused());
        QTRY_COMPARE_WITH_TIMEOUT(onlyJob()["state"].get<std::string>(), std::string("paused"), 30000);
        runner.setPaused(false);
        QTRY_COMPARE_WITH_TIMEOUT(onlyJob()["state"].get<std::string>(), std::string("running"), 30000);
        runner.stop();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().at(1).toBool(), true); // cancelled
        QVERIFY(!finished.first().at(0).value<QImage>().isNull()); // its best picture
        QCOMPARE(onlyJob()["state"].get<std::string>(), std::string("cancelled"));
        QVERIFY(!runner.isRunning());
    }

    void aStudioClosingMidRunCancelsItsJob()
    {
        startServer();
        auto runner = std::make_unique<StyleRunner>();
        runner->paintOn(server());
        QSignalSpy frames(runner.get(), &StyleRunner::frameReady);
        runner->start({}, smallRun(0, 100000).job);
        QVERIFY(frames.wait(60000));
        QCOMPARE(onlyJob()["state"].get<std::string>(), std::string("running"));
        runner.reset(); // what closing the studio does to it
        // The painter's network went with it: only a cancel sent before it
        // went stops the job, which records it when its evaluation returns.
        QTRY_COMPARE_WITH_TIMEOUT(onlyJob()["state"].get<std::string>(), std::string("cancelled"), 30000);
    }

    void aServerGoingAwayIsNamedAndTheLastPictureStays()
    {
        startServer();
        const QString address = QString("127.0.0.1:%1").arg(port());
        SessionFixture fixture;
        fixture.fillForALongRun();
        StyleRunner runner;
        runner.paintOn(server());
        Autosaver autosaver(testsupport::scratchDir() + "/autosave");
        RunController run(fixture.session, runner, autosaver, nullptr);
        QSignalSpy frames(&runner, &StyleRunner::frameReady);
        QSignalSpy notices(&run, &RunController::notice);
        run.start(false);
        QVERIFY(frames.wait(60000));
        const QImage last = frames.last().at(0).value<QImage>();
        QCOMPARE(fixture.session.picture(), last);
        frames.clear();
        stopServer(); // as a killed server: its connections close mid-stream
        QTRY_VERIFY_WITH_TIMEOUT(!runner.isRunning(), 30000);
        QVERIFY(!notices.isEmpty());
        const QString message = notices.last().at(0).toString();
        QVERIFY2(message.contains("went away") && message.contains(address) && message.contains("Start"),
                 qPrintable(message));
        // Whatever frame came in last before the end is what stays on screen.
        QCOMPARE(fixture.session.picture(), frames.isEmpty() ? last : frames.last().at(0).value<QImage>());
        // Start again with no server there: said at once, with the address.
        notices.clear();
        run.start(false);
        QTRY_VERIFY_WITH_TIMEOUT(!runner.isRunning(), 30000);
        QVERIFY2(notices.last().at(0).toString().contains("No Brushwork server answers at"),
                 qPrintable(notices.last().at(0).toString()));
        QVERIFY(!fixture.session.picture().isNull());
    }

    void theChoiceIsRememberedAndABadAddressRefused()
    {
        QSettings().remove("paintOn");
        QWidget window;
        QMenu menu;
        QLabel device;
        StyleRunner runner;
        auto* controller = new PaintOnController(runner, &menu, &device, &window);
        QVERIFY(!runner.paintsOn());
        controller->choose();
        auto* dialog = window.findChild<PaintOnDialog*>("paintOn");
        QVERIFY(dialog);
        dialog->findChildren<QRadioButton*>().at(1)->setChecked(true); // A Brushwork server
        auto* address = dialog->findChild<QLineEdit*>("address");
        auto* token = dialog->findChild<QLineEdit*>("token");
        QCOMPARE(token->echoMode(), QLineEdit::Password); // a secret is not shown
        address->setText("http://");
        dialog->accept();
        QVERIFY(dialog->isVisible()); // refused, saying how an address is written
        QVERIFY(dialog->findChild<QLabel*>("problem")->text().contains("http://HOST:PORT"));
        address->setText("gpu-box:8081");
        token->setText("s3cret");
        dialog->accept();
        QVERIFY(runner.paintsOn());
        QCOMPARE(runner.paintsOn()->address, QUrl("http://gpu-box:8081"));
        QCOMPARE(runner.paintsOn()->token, QByteArray("s3cret"));
        QCOMPARE(device.text(), QString("Server gpu-box:8081"));
        QVERIFY(!device.text().contains("s3cret") && !device.toolTip().contains("s3cret"));
        // The settings file keeps the token, so only its owner may read it.
        QCOMPARE(QFile(QSettings().fileName()).permissions() & (QFile::ReadGroup | QFile::ReadOther),
                 QFile::Permissions());
        // The next studio paints where this one did.
        StyleRunner next;
        QMenu nextMenu;
        QLabel nextDevice;
        PaintOnController again(next, &nextMenu, &nextDevice, &window);
        QVERIFY(next.paintsOn() && *next.paintsOn() == *runner.paintsOn());
        QVERIFY(nextMenu.findChild<QAction*>("paintOnAction"));
        QSettings().remove("paintOn");
    }

    void cleanup() { stopServer(); }
};

QTEST_MAIN(TestRemotePainter)
#include "tst_remotepainter.moc"
