// SPDX-License-Identifier: GPL-3.0-or-later
#include "commands.h"
#include "downloadprogressprinter.h"
#include "interrupt.h"
#include "modelactions.h"

#include "brushwork/download/downloadrequest.h"
#include "brushwork/download/modeldownloader.h"
#include "brushwork/modelfiles.h"

#include <QCoreApplication>
#include <QTimer>

#include <iostream>

namespace cli {

int downloadModel(const Arguments& parsed)
{
    const auto& positional = parsed.positional();
    if (positional.size() > 2)
        throw UsageError("models download takes one name (vgg19 by default)");
    const QString name = QString::fromStdString(positional.size() == 2 ? positional[1] : "vgg19");
    const auto request = brushwork::downloadRequest(name, QString::fromStdString(parsed.text("url", "")),
                                                    QString::fromStdString(parsed.text("sha256", "")));
    int argc = 1;
    char programName[] = "brushwork-cli";
    char* argv[] = {programName, nullptr};
    QCoreApplication application(argc, argv);
    brushwork::ModelDownloader downloader;
    DownloadProgressPrinter printer(name);
    int exitCode = kFailure;
    QObject::connect(&downloader, &brushwork::ModelDownloader::progressed,
                     [&](const brushwork::DownloadProgress& progress) { printer.print(progress); });
    QObject::connect(&downloader, &brushwork::ModelDownloader::installing, [&] {
        printer.finish();
        std::cerr << "Checked; installing " << name.toStdString() << "\n";
    });
    QObject::connect(&downloader, &brushwork::ModelDownloader::installed, [&](const QString& path) {
        std::cerr << "Installed " << path.toStdString() << "\n";
        exitCode = kSuccess;
        application.quit();
    });
    QObject::connect(&downloader, &brushwork::ModelDownloader::cancelled, [&] {
        printer.finish();
        std::cerr << "Cancelled. What arrived is kept in " << brushwork::ModelDownloader::partialPath(request).toStdString()
                  << "; the same command goes on from there.\n";
        exitCode = kInterrupted;
        application.quit();
    });
    QObject::connect(&downloader, &brushwork::ModelDownloader::failed, [&] {
        printer.finish();
        application.quit();
    });
    // Ctrl-C only raises a flag; the event loop turns it into a clean cancel.
    const InterruptGuard interrupt;
    QTimer interruptPoll;
    QObject::connect(&interruptPoll, &QTimer::timeout, [&] {
        if (interrupt.requested())
            downloader.cancel();
    });
    interruptPoll.start(100);
    std::cerr << "Downloading " << name.toStdString() << " from " << request.url.toDisplayString().toStdString()
              << " into " << brushwork::modelDirectory() << "\n";
    downloader.start(request);
    application.exec();
    if (downloader.error())
        throw *downloader.error();
    return exitCode;
}

} // namespace cli
