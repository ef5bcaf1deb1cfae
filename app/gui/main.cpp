// SPDX-License-Identifier: GPL-3.0-or-later
// brushwork: the studio window. Image paths on the command line open as the
// photo (the first) and the paintings (the rest); .brushwork files as projects.
#include "window/mainwindow.h"

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

struct Arguments {
    QStringList images;
    bool paint = false;
};

Arguments parseArguments(const QCoreApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "Paint photos in the style of paintings."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("images",
                                 QCoreApplication::translate("main", "A photo, then paintings; or a .brushwork project."),
                                 "[images...]");
    const QCommandLineOption paint("paint", QCoreApplication::translate("main", "Start painting once they are open."));
    parser.addOption(paint);
    parser.process(app);
    return {parser.positionalArguments(), parser.isSet(paint)};
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
    const Arguments arguments = parseArguments(app);

    brushwork::studio::MainWindow window;
    QStringList images;
    for (const QString& path : arguments.images)
        if (path.endsWith(".brushwork", Qt::CaseInsensitive))
            window.openProject(path);
        else
            images << path;
    window.openFiles(images);
    if (arguments.paint)
        window.startWhenReady();
    window.show();
    return app.exec();
}
