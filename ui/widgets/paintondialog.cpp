// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/paintondialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QVBoxLayout>

namespace brushwork::studio {

PaintOnDialog::PaintOnDialog(const std::optional<PaintServer>& current, const QString& address,
                             const QByteArray& token, QWidget* parent)
    : QDialog(parent)
    , mThisComputer(new QRadioButton(tr("This computer")))
    , mServer(new QRadioButton(tr("A Brushwork server")))
    , mAddress(new QLineEdit(address))
    , mToken(new QLineEdit(QString::fromUtf8(token)))
    , mProblem(new QLabel)
{
    setObjectName("paintOn");
    setWindowTitle(tr("Paint On"));
    mAddress->setObjectName("address");
    mAddress->setPlaceholderText(tr("http://gpu-box:8080"));
    mToken->setObjectName("token");
    mToken->setEchoMode(QLineEdit::Password);
    mToken->setPlaceholderText(tr("none (a server on this computer's loopback needs none)"));
    mProblem->setObjectName("problem");
    mProblem->setWordWrap(true);
    mProblem->setStyleSheet("color: #b00020");
    (current ? mServer : mThisComputer)->setChecked(true);

    auto* hint = new QLabel(tr("A server paints with its own device, often a GPU: start it there with "
                               "<tt>brushwork-cli serve --host 0.0.0.0 --token-file FILE</tt>. The live preview, "
                               "the sliders, Pause, Stop and Export work as on this computer."));
    hint->setWordWrap(true);
    auto* fields = new QFormLayout;
    fields->addRow(tr("Address:"), mAddress);
    fields->addRow(tr("Token:"), mToken);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &PaintOnDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &PaintOnDialog::reject);
    auto enable = [this] {
        mAddress->setEnabled(mServer->isChecked());
        mToken->setEnabled(mServer->isChecked());
    };
    connect(mServer, &QRadioButton::toggled, this, enable);
    connect(mAddress, &QLineEdit::textEdited, mProblem, &QLabel::clear);
    enable();

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Paint on:")));
    layout->addWidget(mThisComputer);
    layout->addWidget(mServer);
    layout->addLayout(fields);
    layout->addWidget(hint);
    layout->addWidget(mProblem);
    layout->addWidget(buttons);
    setMinimumWidth(460);
}

QUrl PaintOnDialog::serverUrl(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return {};
    const QUrl url(trimmed.contains("://") ? trimmed : "http://" + trimmed, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || (url.scheme() != "http" && url.scheme() != "https"))
        return {};
    return url;
}

std::optional<PaintServer> PaintOnDialog::choice() const
{
    if (!mServer->isChecked())
        return std::nullopt;
    return PaintServer{serverUrl(mAddress->text()), token()};
}

QString PaintOnDialog::address() const
{
    return mAddress->text().trimmed();
}

QByteArray PaintOnDialog::token() const
{
    return mToken->text().trimmed().toUtf8();
}

void PaintOnDialog::accept()
{
    if (mServer->isChecked() && serverUrl(mAddress->text()).isEmpty()) {
        mProblem->setText(tr("“%1” is no server address: write it as http://HOST:PORT (the port "
                             "brushwork-cli serve was given, 8080 unless it was told another).")
                              .arg(mAddress->text().trimmed()));
        return;
    }
    QDialog::accept();
}

} // namespace brushwork::studio
