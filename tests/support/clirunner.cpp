// SPDX-License-Identifier: GPL-3.0-or-later
#include "clirunner.h"

#include <QProcess>
#include <QSignalSpy>

namespace testsupport {

CliOutcome runCli(const QStringList& args, const QProcessEnvironment& env, int timeoutMs)
{
    QProcess process;
    process.setProcessEnvironment(env);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(BRUSHWORK_CLI_PATH, args);
    if (!process.waitForStarted() || !finished.wait(timeoutMs)) {
        process.kill();
        process.waitForFinished();
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

} // namespace testsupport
