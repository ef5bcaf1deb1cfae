// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/weightsbanner.h"

#include "background/backgroundtask.h"
#include "support/errortext.h"
#include "widgets/downloaddialog.h"

#include "brushwork/download/downloadrequest.h"
#include "brushwork/error.h"
#include "brushwork/modelfiles.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>

namespace brushwork::studio {

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
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(mText, 1);
    layout->addWidget(download, 0, Qt::AlignVCenter);
    layout->addWidget(choose, 0, Qt::AlignVCenter);
}

void WeightsBanner::showExplanation()
{
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
    runInBackground(this, [path] { brushwork::importWeights(path.toStdString()); }, [this](const TaskResult<NoValue>& result) {
        showExplanation();
        if (!result.ok()) {
            QMessageBox::warning(this, tr("Weights not installed"), result.error);
            return;
        }
        Q_EMIT installed();
    });
}

} // namespace brushwork::studio
