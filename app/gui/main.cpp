// SPDX-License-Identifier: GPL-3.0-or-later
// brushwork: the studio window. Image paths on the command line open as the
// photo (the first) and the paintings (the rest).
#include "mainwindow.h"

#include "brushwork/version.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName("Brushwork");
    QApplication::setApplicationName("Brushwork");
    QApplication::setApplicationVersion(BRUSHWORK_VERSION);
    QApplication::setDesktopFileName("brushwork");

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Paint photos in the style of paintings."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("images", QApplication::translate("main", "A photo, then paintings."), "[images...]");
    parser.process(app);

    MainWindow window;
    window.openFiles(parser.positionalArguments());
    window.show();
    return app.exec();
}
