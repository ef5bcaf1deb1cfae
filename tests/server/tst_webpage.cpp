// SPDX-License-Identifier: GPL-3.0-or-later
// The web page at / in a real browser: Debian's chromium, headless, driven by
// webpage.mjs (puppeteer-core, installed by scripts/install-deps.sh into
// build/web-test). It uploads the pictures, gets the instant picture, starts
// a job, moves a slider and downloads the result; the screenshots are kept.
#include "serverfixture.h"

#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

class TestWebPage : public QObject, public ServerFixture {
    Q_OBJECT

private Q_SLOTS:
    void thePagePaintsAndSteers()
    {
        const QString chromium = qEnvironmentVariable("CHROMIUM", "/usr/bin/chromium");
        const QString node = QStandardPaths::findExecutable("node");
        const QString modules = QStringLiteral(BRUSHWORK_WEB_TEST_MODULES);
        if (!QFile::exists(chromium))
            QSKIP("chromium is not installed (scripts/install-deps.sh installs it)");
        if (node.isEmpty())
            QSKIP("node is not installed (scripts/install-deps.sh installs nodejs)");
        if (!QDir(modules + "/puppeteer-core").exists())
            QSKIP("puppeteer-core is not in build/web-test (scripts/install-deps.sh installs it with npm)");
        startServer();
        const QString folder = testsupport::scratchDir() + "/web";
        QVERIFY(QDir().mkpath(folder));
        const QString photo = folder + "/photo.png";
        const QString painting = folder + "/painting.png";
        for (const auto& [path, bytes] : {std::pair{photo, photoPng()}, std::pair{painting, paintingPng()}}) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(bytes);
        }
        const QString shots = qEnvironmentVariable("BRUSHWORK_WEB_SHOTS", folder);
        // The module is copied beside puppeteer-core so Node finds it from there.
        const QString script = modules + "/../webpage.mjs";
        QFile::remove(script);
        QVERIFY(QFile::copy(QStringLiteral(BRUSHWORK_SOURCE_DIR "/tests/server/webpage.mjs"), script));
        QProcess browser;
        browser.setProcessChannelMode(QProcess::MergedChannels);
        browser.start(node, {script, QString("http://127.0.0.1:%1/").arg(port()), photo, painting, shots});
        QTRY_VERIFY_WITH_TIMEOUT(browser.state() == QProcess::NotRunning, 110000);
        const QByteArray output = browser.readAll();
        QVERIFY2(browser.exitCode() == 0, output.constData());
        QVERIFY(QFile::exists(shots + "/done.png"));
        QVERIFY(!QDir(shots).entryList({"brushwork-*.png"}).isEmpty());
        const nlohmann::json jobs = get("/v1/jobs").json()["jobs"];
        QCOMPARE(jobs.size(), std::size_t(1));
        QCOMPARE(jobs[0]["weights"]["style_weight"].get<double>(), 40.0); // the slider steered the job
    }

    void cleanup() { stopServer(); }
};

QTEST_GUILESS_MAIN(TestWebPage)
#include "tst_webpage.moc"
