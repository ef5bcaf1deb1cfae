// SPDX-License-Identifier: GPL-3.0-or-later
// `serve`: the HTTP API and web page (app/server) until Ctrl-C or SIGTERM.
#include "arguments.h"
#include "commandoptions.h"
#include "commands.h"
#include "interrupt.h"

#include "apiserver.h"

#include "brushwork/memorybudget.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTimer>

#include <iostream>

namespace cli {
namespace {

QByteArray tokenOption(const Arguments& args)
{
    const auto token = args.text("token");
    const auto file = args.text("token-file");
    if (token && file)
        throw UsageError("give either --token or --token-file, not both");
    if (token) {
        if (token->empty())
            throw UsageError("--token is empty");
        return QByteArray::fromStdString(*token);
    }
    if (!file)
        return {};
    QFile in(QString::fromStdString(*file));
    if (!in.open(QIODevice::ReadOnly))
        throw brushwork::Error(brushwork::ErrorKind::BadInput, *file, "the token file cannot be read",
                               "Give a readable file holding the token");
    const QByteArray read = in.read(4096).trimmed();
    if (read.isEmpty())
        throw brushwork::Error(brushwork::ErrorKind::BadInput, *file, "the token file is empty",
                               "Write the token into it");
    return read;
}

std::string defaultDataFolder()
{
    return (QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + "/brushwork/server").toStdString();
}

} // namespace

int serveCommand(const std::vector<std::string>& rawArgs)
{
    std::set<std::string> valued = {"host", "port", "token", "token-file", "jobs", "queue", "max-upload", "data",
                                    "allow-origin", "retention", "memory-budget"};
    valued.insert(engineOptionNames().begin(), engineOptionNames().end());
    const Arguments args(rawArgs, valued, {});
    if (!args.positional().empty())
        throw UsageError("serve takes no pictures: they are uploaded");
    server::ServerOptions options;
    const std::string host = args.text("host", "127.0.0.1");
    options.host = host == "localhost" ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(QString::fromStdString(host));
    if (options.host.isNull())
        throw UsageError("--host \"" + host + "\" is not an IP address (e.g. 127.0.0.1, 0.0.0.0 or ::)");
    options.port = quint16(args.integer("port", 8080, 0, 65535));
    options.token = tokenOption(args);
    if (server::needsToken(options.host) && options.token.isEmpty())
        throw UsageError("serving on " + host + " lets other machines in: give --token T or --token-file F");
    options.jobs = args.integer("jobs", 1, 1, 64);
    options.queue = args.integer("queue", 16, 0, 10000);
    options.maxUpload = qint64(brushwork::parseByteSize(args.text("max-upload", "64M")));
    options.dataFolder = args.text("data", defaultDataFolder());
    options.allowOrigin = QByteArray::fromStdString(args.text("allow-origin", ""));
    options.retention = std::chrono::hours(args.integer("retention", 24, 1, 24 * 365));
    options.memoryBudget = memoryBudgetOption(args);
    options.engine = engineOptions(args);

    int argc = 1;
    char name[] = "brushwork-cli";
    char* argv[] = {name, nullptr};
    QCoreApplication app(argc, argv);
    server::ApiServer server(options);
    std::cerr << "Serving on http://" << (options.host.protocol() == QAbstractSocket::IPv6Protocol ? "[" + host + "]" : host)
              << ":" << server.port() << "/ (jobs in " << options.dataFolder << ")"
              << (options.token.isEmpty() ? "" : "; requests need the token") << "\n";
    const InterruptGuard interrupt;
    QTimer watch;
    QObject::connect(&watch, &QTimer::timeout, &app, [&] {
        if (interrupt.requested())
            app.quit();
    });
    watch.start(200);
    app.exec();
    std::cerr << "Stopped; jobs that were painting are listed as interrupted when the server starts again\n";
    return kSuccess; // Ctrl-C or SIGTERM is how a server is meant to end
}

} // namespace cli
