// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/weightsbanner.h"

#include "support/errortext.h"
#include "widgets/downloaddialog.h"

#include "brushwork/download/downloadrequest.h"
#include "brushwork/error.h"
#include "brushwork/modelfiles.h"
#include "brushwork/tasks/taskrunner.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStyle>
#include <QToolButton>

namespace brushwork::studio {

namespace {
const char* const kOfferClosedKey = "banner/vgg19OfferClosed";
}

WeightsBanner::WeightsBanner(QWidget* parent)
    : QFrame(parent)
    , mText(new QLabel)
{
    setFrameShape(QFrame::StyledPanel);
    setBackgroundRole(QPalette::ToolTipBase);
    setAutoFillBackground(true);
    mText->setWordWrap(true);
    mText->setTextFormat(Qt::RichText);
    showExplanation();
    auto* download = new QPushButton(tr("Download VGG19 (575 MB)…"));
    connect(download, &QPushButton::clicked, this, &WeightsBanner::download);
    auto* choose = new QPushButton(tr("Use a weights file…"));
    connect(choose, &QPushButton::clicked, this, &WeightsBanner::chooseFile);
    mChoose = choose;
    auto* close = new QToolButton;
    close->setObjectName("closeOffer");
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setAutoRaise(true);
    close->setToolTip(tr("Do not offer VGG19 again"));
    connect(close, &QToolButton::clicked, this, [this] {
        QSettings().setValue(kOfferClosedKey, true);
        hide();
    });
    mClose = close;
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(mText, 1);
    layout->addWidget(download, 0, Qt::AlignVCenter);
    layout->addWidget(choose, 0, Qt::AlignVCenter);
    layout->addWidget(close, 0, Qt::AlignVCenter);
}

void WeightsBanner::showFor(Need need)
{
    mNeed = need;
    const bool offerClosed = QSettings().value(kOfferClosedKey, false).toBool();
    setVisible(need == Need::Missing || (need == Need::Offer && !offerClosed));
    // The offer is a side note, not a warning: no coloured panel.
    setBackgroundRole(need == Need::Missing ? QPalette::ToolTipBase : QPalette::Window);
    setFrameShape(need == Need::Missing ? QFrame::StyledPanel : QFrame::NoFrame);
    mChoose->setVisible(need == Need::Missing);
    mClose->setVisible(need == Need::Offer);
    showExplanation();
}

void WeightsBanner::showExplanation()
{
    if (mNeed == Need::Offer) {
        mText->setText(tr("Painting with SqueezeNet, built in. VGG19 sees finer detail in photos and paintings."));
        return;
    }
    mText->setText(tr("<b>Brushwork needs a trained network to see pictures with.</b><br>"
                      "It reads VGG19 (torchvision's .pth or .safetensors file, about 550 MB) or the lighter "
                      "SqueezeNet 1.0. Download VGG19, or choose a file you have; Brushwork keeps what it needs "
                      "of it in<br><tt>%1</tt>.")
                       .arg(QString::fromStdString(brushwork::modelDirectory()).toHtmlEscaped()));
}

DownloadDialog* WeightsBanner::download()
{
    brushwork::DownloadRequest request;
    try {
        request = brushwork::downloadRequest("vgg19");
    } catch (const brushwork::Error& error) {
        QMessageBox::warning(this, tr("Weights not downloaded"), errortext::describe(error));
        return nullptr;
    }
    auto* dialog = new DownloadDialog(request, tr("VGG19"), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, &WeightsBanner::installed);
    dialog->open();
    return dialog;
}

void WeightsBanner::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Choose a weights file"), QDir::homePath(),
                                                      tr("Network weights (*.safetensors *.pth *.pt)"));
    if (path.isEmpty())
        return;
    // Checking every tensor and writing about 80 MB take seconds.
    mText->setText(tr("<b>Checking %1…</b>").arg(QFileInfo(path).fileName().toHtmlEscaped()));
    TaskRunner::runOnce(this, [path] { brushwork::importWeights(path.toStdString()); }, [this](const TaskResult<NoValue>& result) {
        showExplanation();
        if (!result.ok()) {
            QMessageBox::warning(this, tr("Weights not installed"), errortext::describe(result.error));
            return;
        }
        Q_EMIT installed();
    });
}

} // namespace brushwork::studio
