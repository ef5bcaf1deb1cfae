// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/errortext.h"

#include "brushwork/error.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QUrl>

namespace brushwork::studio::errortext {

QString describe(const brushwork::Error& error)
{
    const QString file = QFileInfo(QString::fromStdString(error.file())).fileName();
    QString text;
    switch (error.kind()) {
    case brushwork::ErrorKind::BadInput:
        text = file.isEmpty() ? QCoreApplication::translate("errortext", "Brushwork cannot use this file.")
                              : QCoreApplication::translate("errortext", "Brushwork cannot use “%1”.").arg(file);
        break;
    case brushwork::ErrorKind::Io:
        text = QCoreApplication::translate("errortext", "“%1” could not be saved or read.").arg(file);
        break;
    case brushwork::ErrorKind::Resource:
        text = QCoreApplication::translate("errortext", "The painting could not go on.");
        break;
    case brushwork::ErrorKind::Usage:
        text = QCoreApplication::translate("errortext", "These settings cannot be painted.");
        break;
    case brushwork::ErrorKind::Download:
        // The "file" of a download is its address; the server's name means more than a path.
        text = QCoreApplication::translate("errortext", "The download from %1 did not succeed.")
                   .arg(QUrl(QString::fromStdString(error.file())).host());
        break;
    }
    QString reason = QString::fromStdString(error.reason());
    if (!reason.isEmpty())
        reason[0] = reason[0].toUpper();
    text += "\n" + reason + ".";
    if (!error.hint().empty())
        text += "\n" + QString::fromStdString(error.hint()) + ".";
    return text;
}

QString describe(const std::exception& error)
{
    if (const auto* engineError = dynamic_cast<const brushwork::Error*>(&error))
        return describe(*engineError);
    return describeUnexpected(error.what());
}

QString describe(std::exception_ptr thrown)
{
    try {
        std::rethrow_exception(thrown);
    } catch (const std::exception& error) {
        return describe(error);
    } catch (...) {
        return describeUnexpected("an unknown error");
    }
}

QString describeUnexpected(const char* what)
{
    return QCoreApplication::translate("errortext", "Something went wrong while painting: %1").arg(QString::fromUtf8(what));
}

} // namespace brushwork::studio::errortext
