// SPDX-License-Identifier: GPL-3.0-or-later
// The download dialog against a local server: it shows the progress while
// the GUI thread stays free, closes when the network is installed, and says
// in plain words why a download failed.
#include "widgets/downloaddialog.h"
#include "testhttpserver.h"
#include "testsupport.h"
#include "widgets/weightsbanner.h"

#include "brushwork/download/modeldownloader.h"
#include "brushwork/modelfiles.h"

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSettings>
#include <QToolButton>
#include <QtTest>

using brushwork::ModelDownloader;

using namespace brushwork::studio;

class TestDownloadDialog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void showsProgressThenCancels();
    void closesWhenInstalled();
    void explainsAFailure();
    void squeezeNetAloneIsAQuietOffer();
    void bannerOffersTheDownload();

private:
    brushwork::DownloadRequest request(const QUrl& url) const;
    static QString labelsText(const QWidget& dialog);
    /// Writes what `widget` shows to $BRUSHWORK_SCREENSHOT_DIR/NAME.png, when that is set.
    static void saveScreenshot(QWidget& widget, const QString& name);

    const ServedFile mServed = randomSqueezeNetFile();
};

void TestDownloadDialog::init()
{
    testsupport::emptyModelDir();
}

brushwork::DownloadRequest TestDownloadDialog::request(const QUrl& url) const
{
    return brushwork::downloadRequest("squeezenet", url.toString(), mServed.sha256);
}

QString TestDownloadDialog::labelsText(const QWidget& dialog)
{
    QString text;
    for (const QLabel* label : dialog.findChildren<QLabel*>())
        text += label->text() + "\n";
    return text;
}

void TestDownloadDialog::saveScreenshot(QWidget& widget, const QString& name)
{
    const QImage shot = widget.grab().toImage();
    QVERIFY(!shot.isNull());
    if (const QByteArray folder = qgetenv("BRUSHWORK_SCREENSHOT_DIR"); !folder.isEmpty())
        QVERIFY(shot.save(QString::fromUtf8(folder) + "/" + name + ".png"));
}

void TestDownloadDialog::showsProgressThenCancels()
{
    TestHttpServer server(mServed.bytes);
    server.setMode(TestHttpServer::Mode::Slow);
    DownloadDialog dialog(request(server.url()), "SqueezeNet");
    dialog.show();
    QSignalSpy progress(&dialog.downloader(), &ModelDownloader::progressed);
    // Wait until a third of the file is in and the rate is known.
    while (progress.isEmpty() || progress.last().at(0).value<brushwork::DownloadProgress>().received < mServed.bytes.size() / 3)
        QVERIFY(progress.wait(10000));
    QVERIFY(progress.wait(10000)); // one more, so the labels show a rate
    const QString text = labelsText(dialog);
    QVERIFY2(text.contains(QString(" of %1 MB").arg(mServed.bytes.size() / 1e6, 0, 'f', 1)), qPrintable(text));
    QVERIFY2(text.contains("MB/s"), qPrintable(text));
    QVERIFY(dialog.findChild<QProgressBar*>()->value() > 300);
    saveScreenshot(dialog, "downloaddialog");

    QSignalSpy rejected(&dialog, &QDialog::rejected);
    dialog.reject();
    // Aborting a transfer may report at once, before the spy waits.
    QVERIFY(!rejected.isEmpty() || rejected.wait(10000));
    QVERIFY(!brushwork::installedWeights(brushwork::NetworkKind::SqueezeNet));
    QVERIFY(QFile::exists(ModelDownloader::partialPath(request(server.url()))));
}

void TestDownloadDialog::closesWhenInstalled()
{
    TestHttpServer server(mServed.bytes);
    DownloadDialog dialog(request(server.url()), "SqueezeNet");
    dialog.show();
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QVERIFY(accepted.wait(30000));
    QVERIFY(brushwork::installedWeights(brushwork::NetworkKind::SqueezeNet));
}

void TestDownloadDialog::explainsAFailure()
{
    TestHttpServer server(mServed.bytes);
    server.setMode(TestHttpServer::Mode::NotFound);
    DownloadDialog dialog(request(server.url()), "SqueezeNet");
    dialog.show();
    QSignalSpy failed(&dialog.downloader(), &ModelDownloader::failed);
    QVERIFY(failed.wait(30000));
    const QString text = labelsText(dialog);
    QVERIFY2(text.contains("SqueezeNet was not installed"), qPrintable(text));
    QVERIFY2(text.contains("The download from 127.0.0.1 did not succeed."), qPrintable(text));
    QVERIFY2(text.contains("HTTP 404"), qPrintable(text));
    QVERIFY(dialog.isVisible());
    saveScreenshot(dialog, "downloaddialog-failed");
    auto* close = dialog.findChild<QPushButton*>();
    QCOMPARE(close->text(), QString("Close"));
    close->click();
    QVERIFY(!dialog.isVisible());
}

void TestDownloadDialog::squeezeNetAloneIsAQuietOffer()
{
    QStandardPaths::setTestModeEnabled(true); // the settings of the person running the tests stay theirs
    QSettings().remove("banner");
    QWidget window;
    auto* banner = new WeightsBanner(&window);
    window.show();
    auto visibleButton = [&](const QString& start) {
        for (QAbstractButton* button : banner->findChildren<QAbstractButton*>())
            if (button->isVisibleTo(&window) && button->text().startsWith(start))
                return button;
        return static_cast<QAbstractButton*>(nullptr);
    };
    banner->showFor(WeightsBanner::Need::Offer);
    QVERIFY(banner->isVisibleTo(&window));
    QVERIFY(visibleButton("Download VGG19"));
    QVERIFY(!visibleButton("Use a weights file")); // it paints already: no wall of choices
    QVERIFY2(labelsText(*banner).contains("finer detail"), qPrintable(labelsText(*banner)));
    banner->resize(900, banner->sizeHint().height());
    saveScreenshot(*banner, "weightsbanner-offer");

    // Closed, the offer stays closed, also for the next window.
    auto* close = banner->findChild<QToolButton*>("closeOffer");
    QVERIFY(close && close->isVisibleTo(&window));
    close->click();
    QVERIFY(!banner->isVisibleTo(&window));
    banner->showFor(WeightsBanner::Need::Offer);
    QVERIFY(!banner->isVisibleTo(&window));
    WeightsBanner next;
    next.showFor(WeightsBanner::Need::Offer);
    QVERIFY(next.isHidden());
    // Without any network it is no offer: it says so, whatever was closed.
    banner->showFor(WeightsBanner::Need::Missing);
    QVERIFY(banner->isVisibleTo(&window));
    QVERIFY(visibleButton("Use a weights file"));
    QVERIFY(labelsText(*banner).contains("needs a trained network"));
    banner->showFor(WeightsBanner::Need::None);
    QVERIFY(!banner->isVisibleTo(&window));
    QSettings().remove("banner");
}

void TestDownloadDialog::bannerOffersTheDownload()
{
    WeightsBanner banner;
    QPushButton* button = nullptr;
    for (QPushButton* candidate : banner.findChildren<QPushButton*>())
        if (candidate->text().startsWith("Download VGG19"))
            button = candidate;
    QVERIFY(button);
    banner.resize(900, banner.sizeHint().height());
    saveScreenshot(banner, "weightsbanner");
    // Cancelled before the event loop runs, so no request ever leaves for the real address.
    DownloadDialog* dialog = banner.download();
    QVERIFY(dialog && dialog->isVisible());
    QVERIFY2(labelsText(*dialog).contains("huggingface.co"), qPrintable(labelsText(*dialog)));
    QSignalSpy rejected(dialog, &QDialog::rejected);
    dialog->reject();
    QVERIFY(!rejected.isEmpty() || rejected.wait(10000));
}

QTEST_MAIN(TestDownloadDialog)
#include "tst_downloaddialog.moc"
