// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/paintoncontroller.h"

#include "background/stylerunner.h"
#include "widgets/paintondialog.h"

#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QSettings>

namespace brushwork::studio {
namespace {

constexpr const char* kUseServer = "paintOn/server";
constexpr const char* kAddress = "paintOn/address";
constexpr const char* kToken = "paintOn/token";

} // namespace

PaintOnController::PaintOnController(StyleRunner& runner, QMenu* menu, QLabel* device, QWidget* window)
    : QObject(window)
    , mRunner(runner)
    , mDevice(device)
    , mWindow(window)
{
    setObjectName("paintOn");
    QAction* action = menu->addAction(tr("Paint &On…"), this, &PaintOnController::choose);
    action->setObjectName("paintOnAction");
    action->setToolTip(tr("Paint on this computer or on a Brushwork server (brushwork-cli serve)"));
    const QSettings settings;
    const QUrl address = PaintOnDialog::serverUrl(settings.value(kAddress).toString());
    if (settings.value(kUseServer, false).toBool() && !address.isEmpty())
        mRunner.paintOn(PaintServer{address, settings.value(kToken).toByteArray()});
    show();
}

void PaintOnController::show()
{
    const std::optional<PaintServer>& server = mRunner.paintsOn();
    mDevice->setText(server ? tr("Server %1").arg(server->address.authority()) : QString());
    mDevice->setToolTip(server ? tr("Runs paint on the Brushwork server at %1 (Paint ▸ Paint On…)")
                                     .arg(server->address.toDisplayString())
                               : QString());
}

void PaintOnController::choose()
{
    const QSettings stored;
    auto* dialog = new PaintOnDialog(mRunner.paintsOn(), stored.value(kAddress).toString(),
                                     stored.value(kToken).toByteArray(), mWindow);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const std::optional<PaintServer> server = dialog->choice();
        QSettings settings;
        settings.setValue(kUseServer, server.has_value());
        settings.setValue(kAddress, dialog->address());
        settings.setValue(kToken, dialog->token());
        settings.sync();
        // The token is a secret: the file that keeps it is the owner's alone.
        QFile::setPermissions(settings.fileName(), QFile::ReadOwner | QFile::WriteOwner);
        mRunner.paintOn(server);
        show();
    });
    dialog->open();
}

} // namespace brushwork::studio
