// SPDX-License-Identifier: GPL-3.0-or-later
// brushwork: the studio window. Image paths on the command line open as the
// photo (the first) and the paintings (the rest).
#include "mainwindow.h"

#include "brushwork/version.h"

#include <QApplication>
#include <QCommandLineParser>

#include <cstring>

namespace {

void describeApplication()
{
    QCoreApplication::setOrganizationName("Brushwork");
    QCoreApplication::setApplicationName("Brushwork");
    QCoreApplication::setApplicationVersion(BRUSHWORK_VERSION);
}

QStringList parseArguments(const QCoreApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "Paint photos in the style of paintings."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("images", QCoreApplication::translate("main", "A photo, then paintings."),
                                 "[images...]");
    parser.process(app);
    return parser.positionalArguments();
}

bool onlyAsksForInformation(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i)
        for (const char* option : {"--help", "-h", "--version", "-v", "--help-all"})
            if (std::strcmp(argv[i], option) == 0)
                return true;
    return false;
}

} // namespace

int main(int argc, char** argv)
{
    // --version and --help answer in a terminal without a display.
    if (onlyAsksForInformation(argc, argv)) {
        QCoreApplication app(argc, argv);
        describeApplication();
        parseArguments(app);
        return 0;
    }
    QApplication app(argc, argv);
    describeApplication();
    QApplication::setDesktopFileName("org.brushwork.Brushwork");
    const QStringList images = parseArguments(app);

    MainWindow window;
    window.openFiles(images);
    window.show();
    return app.exec();
}
