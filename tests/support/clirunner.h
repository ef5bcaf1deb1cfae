// SPDX-License-Identifier: GPL-3.0-or-later
// Running brushwork-cli as a script would, for the command-line tests.
#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace testsupport {

struct CliOutcome {
    int exitCode = -1; ///< -1: it crashed or was killed for running too long
    QString out;
    QString err;
};

/// Runs brushwork-cli with `args` and waits for it (at most `timeoutMs`,
/// then kills it). The event loop runs while it waits, so a test's local
/// HTTP server can answer.
CliOutcome runCli(const QStringList& args,
                  const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(), int timeoutMs = 120000);

} // namespace testsupport
