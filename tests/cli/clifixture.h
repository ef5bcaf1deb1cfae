// SPDX-License-Identifier: GPL-3.0-or-later
// What the command-line tests share: a 64x48 photo, a 64x64 painting and
// random VGG19 weights in the test's scratch folder, and how they run
// brushwork-cli.
#pragma once

#include "clirunner.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

class CliFixture {
protected:
    using Outcome = testsupport::CliOutcome;
    static Outcome cli(const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
    {
        return testsupport::runCli(args, env);
    }
    void writeInputs();

    QString mContent;
    QString mStyle;
    QString mWeights;
    QString mDir;
};
