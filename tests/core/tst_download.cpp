// SPDX-License-Identifier: GPL-3.0-or-later
// Downloading a network from a local server: resume, checksums from the
// caller and from the server, failures and cancel that install nothing.
#include "brushwork/download/downloadprogress.h"
#include "brushwork/download/downloadrequest.h"
#include "brushwork/download/modeldownloader.h"
#include "brushwork/download/modelmanifest.h"
#include "brushwork/error.h"
#include "brushwork/faststylelibrary.h"
#include "brushwork/modelfiles.h"
#include "brushwork/modelsource.h"
#include "brushwork/sha256.h"
#include "testhttpserver.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using brushwork::DownloadRequest;
using brushwork::ModelDownloader;
using brushwork::NetworkKind;

/// Waits for a download's one outcome, whichever it is.
class Outcome : public QObject {
    Q_OBJECT
public:
    explicit Outcome(ModelDownloader& downloader)
    {
        connect(&downloader, &ModelDownloader::installed, this, [this](const QString& path) {
            installedPath = path;
            Q_EMIT arrived();
        });
        connect(&downloader, &ModelDownloader::failed, this, [this](const QString& message) {
            failure = message;
            Q_EMIT arrived();
        });
        connect(&downloader, &ModelDownloader::cancelled, this, [this] {
            cancelled = true;
            Q_EMIT arrived();
        });
    }
    bool wait()
    {
        QSignalSpy spy(this, &Outcome::arrived);
        return spy.wait(30000);
    }

    QString installedPath;
    QString failure;
    bool cancelled = false;

Q_SIGNALS:
    void arrived();
};

class TestDownload : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void installsAndRecordsTheChecksum();
    void resumesWithARangeAfterTheConnectionDrops();
    void startsOverWhenTheServerIgnoresTheRange();
    void startsOverWhenThePartialCannotBeResumed();
    void connectionRefusedSaysSo();
    void wrongChecksumInstallsNothing();
    void notFoundInstallsNothing();
    void cancelKeepsThePartialAndInstallsNothing();
    void takesTheChecksumFromTheRedirect();
    void refusesAFileThatDiffersFromTheRedirectsChecksum();
    void checksPrefixWhenOnlyThatIsKnown();
    void installsAFastStyle();
    void manifestNamesTheKnownNetworks();
    void progressLineReadsWell();

private:
    DownloadRequest request(const QUrl& url, const QString& sha256 = {}) const;
    bool nothingInstalled() const;

    QTemporaryDir mModels;
    QByteArray mFile;
    QString mSha256;
};

void TestDownload::initTestCase()
{
    QVERIFY(mModels.isValid());
    qputenv("BRUSHWORK_MODEL_DIR", mModels.path().toUtf8());
    // SqueezeNet's real layout, about 3 MB: large enough to arrive in many pieces.
    QFile file(testsupport::randomWeightsPath(NetworkKind::SqueezeNet));
    QVERIFY(file.open(QIODevice::ReadOnly));
    mFile = file.readAll();
    mSha256 = QString::fromLatin1(QCryptographicHash::hash(mFile, QCryptographicHash::Sha256).toHex());
}

void TestDownload::init()
{
    QDir models(mModels.path());
    QVERIFY(models.removeRecursively());
    QVERIFY(QDir().mkpath(mModels.path()));
}

DownloadRequest TestDownload::request(const QUrl& url, const QString& sha256) const
{
    DownloadRequest request;
    request.name = "squeezenet";
    request.url = url;
    request.sha256 = sha256;
    request.network = NetworkKind::SqueezeNet;
    return request;
}

bool TestDownload::nothingInstalled() const
{
    return !brushwork::installedWeights(NetworkKind::SqueezeNet) &&
           !QFileInfo::exists(mModels.path() + "/squeezenet1_0.source.json");
}

void TestDownload::installsAndRecordsTheChecksum()
{
    TestHttpServer server(mFile);
    ModelDownloader downloader;
    Outcome outcome(downloader);
    QSignalSpy progress(&downloader, &ModelDownloader::progressed);
    QElapsedTimer clock;
    clock.start();
    downloader.start(request(server.url(), mSha256));
    QVERIFY(outcome.wait());
    QVERIFY2(outcome.failure.isEmpty(), qPrintable(outcome.failure));
    qInfo("%.1f MB in %lld ms from the local server (%.0f MB/s, hashing and installing included)", mFile.size() / 1e6,
          clock.elapsed(), mFile.size() / 1e3 / std::max<qint64>(1, clock.elapsed()));
    const std::string installed = outcome.installedPath.toStdString();
    QCOMPARE(QString::fromStdString(brushwork::installedWeights(NetworkKind::SqueezeNet).value_or("")),
             outcome.installedPath);
    QCOMPARE(brushwork::checkWeightsFile(installed), NetworkKind::SqueezeNet);
    const auto source = brushwork::readModelSource(installed);
    QVERIFY(source);
    QCOMPARE(QString::fromStdString(source->sha256), mSha256);
    QCOMPARE(source->size, std::uint64_t(mFile.size()));
    QCOMPARE(QString::fromStdString(source->url), server.url().toString());
    QCOMPARE(QString::fromStdString(source->installedSha256), QString::fromStdString(brushwork::sha256File(installed)));
    QVERIFY(!QFileInfo::exists(ModelDownloader::partialPath(request(server.url()))));
    QVERIFY(!progress.isEmpty());
    const auto last = progress.last().at(0).value<brushwork::DownloadProgress>();
    QCOMPARE(last.received, qint64(mFile.size()));
    QCOMPARE(last.total, qint64(mFile.size()));
}

void TestDownload::resumesWithARangeAfterTheConnectionDrops()
{
    TestHttpServer server(mFile);
    server.setMode(TestHttpServer::Mode::DropHalfway);
    ModelDownloader downloader;
    Outcome first(downloader);
    downloader.start(request(server.url(), mSha256));
    QVERIFY(first.wait());
    QVERIFY2(first.failure.contains("stopped after"), qPrintable(first.failure));
    QVERIFY(first.failure.contains(server.url().toString()));
    QCOMPARE(downloader.error()->kind(), brushwork::ErrorKind::Download);
    QVERIFY(nothingInstalled());
    const QString partial = ModelDownloader::partialPath(request(server.url()));
    const qint64 kept = QFileInfo(partial).size();
    QCOMPARE(kept, qint64(mFile.size() / 2));

    Outcome second(downloader);
    downloader.start(request(server.url(), mSha256));
    QVERIFY(second.wait());
    QVERIFY2(second.failure.isEmpty(), qPrintable(second.failure));
    // The resumed request asks for the rest. (Qt 6.4 takes a connection that
    // closes early for a finished reply and sends the request once more by
    // itself; the downloader has dropped that reply, so the extra request
    // gets no further than its headers.)
    const QList<QByteArray>& ranges = server.rangeHeaders();
    QVERIFY(ranges.first().isEmpty());
    QCOMPARE(ranges.last(), "bytes=" + QByteArray::number(kept) + "-");
    QCOMPARE(ranges.count("bytes=" + QByteArray::number(kept) + "-"), 1);
    qInfo("file %lld bytes; %lld bytes sent in all, headers included, over %lld requests",
          qint64(mFile.size()), server.bytesSent(), qint64(ranges.size()));
    QVERIFY(server.bytesSent() < 2 * mFile.size());
    QVERIFY(brushwork::installedWeights(NetworkKind::SqueezeNet));
    QCOMPARE(QString::fromStdString(brushwork::readModelSource(second.installedPath.toStdString())->sha256), mSha256);
}

void TestDownload::startsOverWhenTheServerIgnoresTheRange()
{
    TestHttpServer server(mFile);
    const QString partial = ModelDownloader::partialPath(request(server.url()));
    QVERIFY(QDir().mkpath(QFileInfo(partial).path()));
    QFile half(partial);
    QVERIFY(half.open(QIODevice::WriteOnly));
    half.write(mFile.left(mFile.size() / 3));
    half.close();
    server.setMode(TestHttpServer::Mode::IgnoreRange);
    ModelDownloader downloader;
    Outcome outcome(downloader);
    downloader.start(request(server.url(), mSha256));
    QVERIFY(outcome.wait());
    QVERIFY2(outcome.failure.isEmpty(), qPrintable(outcome.failure));
    QVERIFY(server.rangeHeaders().value(0).startsWith("bytes="));
    QCOMPARE(QString::fromStdString(brushwork::readModelSource(outcome.installedPath.toStdString())->sha256), mSha256);
}

void TestDownload::startsOverWhenThePartialCannotBeResumed()
{
    TestHttpServer server(mFile);
    const QString partial = ModelDownloader::partialPath(request(server.url()));
    QVERIFY(QDir().mkpath(QFileInfo(partial).path()));
    QFile tooLong(partial);
    QVERIFY(tooLong.open(QIODevice::WriteOnly));
    tooLong.write(mFile + "left over");
    tooLong.close();
    ModelDownloader downloader;
    Outcome outcome(downloader);
    downloader.start(request(server.url(), mSha256));
    QVERIFY(outcome.wait());
    QVERIFY2(outcome.failure.isEmpty(), qPrintable(outcome.failure));
    // 416 Range Not Satisfiable, then the whole file.
    QCOMPARE(server.rangeHeaders().size(), 2);
    QVERIFY(server.rangeHeaders().at(1).isEmpty());
    QCOMPARE(QString::fromStdString(brushwork::readModelSource(outcome.installedPath.toStdString())->sha256), mSha256);
}

void TestDownload::connectionRefusedSaysSo()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const QUrl url(QString("http://127.0.0.1:%1/file").arg(closed.serverPort()));
    closed.close();
    ModelDownloader downloader;
    Outcome outcome(downloader);
    downloader.start(request(url, mSha256));
    QVERIFY(outcome.wait());
    QVERIFY2(outcome.failure.contains("could not start"), qPrintable(outcome.failure));
    QVERIFY(nothingInstalled());
    QVERIFY(!QFileInfo::exists(mModels.path() + "/.partial"));
}

void TestDownload::wrongChecksumInstallsNothing()
{
    TestHttpServer server(mFile);
    const QString wrong(64, 'a');
    ModelDownloader downloader;
    Outcome outcome(downloader);
    downloader.start(request(server.url(), wrong));
    QVERIFY(outcome.wait());
    QVERIFY2(outcome.failure.contains(wrong) && outcome.failure.contains(mSha256), qPrintable(outcome.failure));
    QVERIFY(outcome.failure.contains(server.url().toString()));
    QVERIFY(nothingInstalled());
    // A complete file with the wrong bytes cannot be resumed into the right one.
    QVERIFY(!QFileInfo::exists(ModelDownloader::partialPath(request(server.url()))));
}

void TestDownload::notFoundInstallsNothing()
{
    TestHttpServer server(mFile);
    server.setMode(TestHttpServer::Mode::NotFound);
    ModelDownloader downloader;
    Outcome outcome(downloader);
    downloader.start(request(server.url(), mSha256));
    QVERIFY(outcome.wait());
    QVERIFY2(outcome.failure.contains("HTTP 404") && outcome.failure.contains(server.url().toString()),
             qPrintable(outcome.failure));
    QVERIFY(nothingInstalled());
    QVERIFY(!QFileInfo::exists(ModelDownloader::partialPath(request(server.url()))));
}

void TestDownload::cancelKeepsThePartialAndInstallsNothing()
{
    TestHttpServer server(mFile);
    server.setMode(TestHttpServer::Mode::Slow);
    ModelDownloader downloader;
    Outcome outcome(downloader);
    connect(&downloader, &ModelDownloader::progressed, &downloader, [&](const brushwork::DownloadProgress& progress) {
        if (progress.received > 0)
            downloader.cancel();
    });
    downloader.start(request(server.url(), mSha256));
    QVERIFY(outcome.wait());
    QVERIFY(outcome.cancelled);
    QVERIFY(nothingInstalled());
    const qint64 kept = QFileInfo(ModelDownloader::partialPath(request(server.url()))).size();
    QVERIFY(kept > 0 && kept < mFile.size());
}

void TestDownload::takesTheChecksumFromTheRedirect()
{
    TestHttpServer server(mFile);
    server.setLinkedEtag(mSha256.toLatin1());
    ModelDownloader downloader;
    Outcome outcome(downloader);
    downloader.start(request(server.url("/redirect")));
    QVERIFY(outcome.wait());
    QVERIFY2(outcome.failure.isEmpty(), qPrintable(outcome.failure));
    QCOMPARE(QString::fromStdString(brushwork::readModelSource(outcome.installedPath.toStdString())->sha256), mSha256);
}

void TestDownload::refusesAFileThatDiffersFromTheRedirectsChecksum()
{
    TestHttpServer server(mFile);
    const QString announced(64, 'b');
    server.setLinkedEtag(announced.toLatin1());
    ModelDownloader downloader;
    Outcome outcome(downloader);
    downloader.start(request(server.url("/redirect")));
    QVERIFY(outcome.wait());
    QVERIFY2(outcome.failure.contains(announced) && outcome.failure.contains("announced"), qPrintable(outcome.failure));
    QVERIFY(nothingInstalled());
}

void TestDownload::checksPrefixWhenOnlyThatIsKnown()
{
    TestHttpServer server(mFile);
    ModelDownloader downloader;
    DownloadRequest wrongPrefix = request(server.url());
    wrongPrefix.sha256Prefix = mSha256.startsWith("0") ? "1" : "0";
    Outcome refused(downloader);
    downloader.start(wrongPrefix);
    QVERIFY(refused.wait());
    QVERIFY2(refused.failure.contains(mSha256), qPrintable(refused.failure));
    QVERIFY(nothingInstalled());

    DownloadRequest rightPrefix = request(server.url());
    rightPrefix.sha256Prefix = mSha256.left(8);
    Outcome accepted(downloader);
    downloader.start(rightPrefix);
    QVERIFY(accepted.wait());
    QVERIFY2(accepted.failure.isEmpty(), qPrintable(accepted.failure));
}

void TestDownload::installsAFastStyle()
{
    const QString model = testsupport::sharedDir() + "/models/fast-style-pytorch/mosaic.safetensors";
    if (!QFileInfo::exists(model))
        QSKIP("../shared/models is not here");
    QFile file(model);
    QVERIFY(file.open(QIODevice::ReadOnly));
    TestHttpServer server(file.readAll());
    ModelDownloader downloader;
    Outcome outcome(downloader);
    downloader.start(brushwork::downloadRequest("mosaic", server.url().toString()));
    QVERIFY(outcome.wait());
    QVERIFY2(outcome.failure.isEmpty(), qPrintable(outcome.failure));
    QCOMPARE(outcome.installedPath, QDir(QString::fromStdString(brushwork::fastStyleDirectory())).filePath("mosaic.safetensors"));
    QCOMPARE(brushwork::installedFastStyles().size(), std::size_t(1));
    QVERIFY(nothingInstalled());
}

void TestDownload::manifestNamesTheKnownNetworks()
{
    const DownloadRequest vgg = brushwork::downloadRequest("vgg19");
    QCOMPARE(vgg.url, QUrl("https://huggingface.co/timm/vgg19.tv_in1k/resolve/main/model.safetensors"));
    QCOMPARE(vgg.network, NetworkKind::Vgg19);
    const DownloadRequest squeezenet = brushwork::downloadRequest("squeezenet");
    QCOMPARE(squeezenet.network, NetworkKind::SqueezeNet);
    QCOMPARE(squeezenet.sha256Prefix, QString("b66bff10"));
    QCOMPARE(brushwork::manifestEntry("squeezenet")->file,
             QString::fromStdString(brushwork::modelFileName(NetworkKind::SqueezeNet)));
    // A mirror keeps the manifest's checks; --sha256 overrides them.
    const QString sha(64, 'c');
    const DownloadRequest mirror = brushwork::downloadRequest("squeezenet", "http://mirror.invalid/s.pth", sha);
    QCOMPARE(mirror.url, QUrl("http://mirror.invalid/s.pth"));
    QCOMPARE(mirror.sha256, sha);
    QCOMPARE(brushwork::downloadRequest("mine", "http://mirror.invalid/m.safetensors").network, NetworkKind::Auto);
    QVERIFY_THROWS_EXCEPTION(brushwork::Error, brushwork::downloadRequest("alexnet"));
    QVERIFY_THROWS_EXCEPTION(brushwork::Error, brushwork::downloadRequest("vgg19", {}, "12ab"));
}

void TestDownload::progressLineReadsWell()
{
    brushwork::DownloadProgress progress;
    progress.received = 123'400'000;
    progress.total = 575'000'000;
    progress.bytesPerSecond = 12'300'000;
    QCOMPARE(brushwork::progressLine("vgg19", progress), QString("vgg19  123.4 / 575.0 MB  12.3 MB/s  ETA 0:37"));
    progress.total = -1;
    QCOMPARE(brushwork::progressLine("vgg19", progress), QString("vgg19  123.4 MB  12.3 MB/s"));
    progress.bytesPerSecond = 0;
    QCOMPARE(brushwork::progressLine("vgg19", progress), QString("vgg19  123.4 MB"));
    QCOMPARE(brushwork::durationText(3723), QString("1:02:03"));
}

QTEST_GUILESS_MAIN(TestDownload)
#include "tst_download.moc"
