// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/downloaddialog.h"

#include "support/errortext.h"

#include "brushwork/download/modeldownloader.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace brushwork::studio {

namespace {

// QProgressBar counts in int, too few for the bytes of a file over 2 GB: it shows permille.
constexpr int kBarSteps = 1000;

} // namespace

DownloadDialog::DownloadDialog(const brushwork::DownloadRequest& request, const QString& title, QWidget* parent)
    : QDialog(parent)
    , mDownloader(new brushwork::ModelDownloader(this))
    , mTitle(title)
    , mHeading(new QLabel)
    , mAmount(new QLabel)
    , mSpeed(new QLabel)
    , mBar(new QProgressBar)
    , mButton(new QPushButton(tr("Cancel")))
{
    setWindowTitle(tr("Downloading %1").arg(title));
    mHeading->setWordWrap(true);
    mAmount->setWordWrap(true);
    mHeading->setText(tr("<b>Downloading %1</b> from %2").arg(title.toHtmlEscaped(), request.url.host().toHtmlEscaped()));
    mAmount->setText(tr("Connecting…"));
    mBar->setRange(0, 0);
    mBar->setTextVisible(false);
    auto* buttons = new QDialogButtonBox;
    buttons->addButton(mButton, QDialogButtonBox::RejectRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &DownloadDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(mHeading);
    layout->addWidget(mBar);
    layout->addWidget(mAmount);
    layout->addWidget(mSpeed);
    layout->addStretch(1);
    layout->addWidget(buttons);
    setMinimumWidth(420);

    connect(mDownloader, &brushwork::ModelDownloader::progressed, this, &DownloadDialog::showProgress);
    connect(mDownloader, &brushwork::ModelDownloader::installing, this, &DownloadDialog::showInstalling);
    connect(mDownloader, &brushwork::ModelDownloader::installed, this, [this] {
        mStage = Stage::Finished;
        accept();
    });
    connect(mDownloader, &brushwork::ModelDownloader::failed, this, &DownloadDialog::showFailure);
    connect(mDownloader, &brushwork::ModelDownloader::cancelled, this, [this] {
        mStage = Stage::Finished;
        QDialog::reject();
    });
    mDownloader->start(request);
}

void DownloadDialog::reject()
{
    switch (mStage) {
    case Stage::Downloading:
        mButton->setEnabled(false);
        mAmount->setText(tr("Stopping…"));
        mDownloader->cancel();
        break;
    case Stage::Installing:
        break; // installing cannot be stopped half way; it takes seconds
    case Stage::Finished:
        QDialog::reject();
        break;
    }
}

void DownloadDialog::showProgress(const brushwork::DownloadProgress& progress)
{
    using brushwork::megabytesText;
    if (!mShownProgress && progress.received > 0)
        mSpeed->setText(tr("Going on from %1 MB that arrived before.").arg(megabytesText(progress.received)));
    mShownProgress = true;
    if (progress.total > 0) {
        mBar->setRange(0, kBarSteps);
        mBar->setValue(int(kBarSteps * progress.received / progress.total));
        mAmount->setText(tr("%1 of %2 MB").arg(megabytesText(progress.received), megabytesText(progress.total)));
    } else {
        mAmount->setText(tr("%1 MB").arg(megabytesText(progress.received)));
    }
    if (progress.bytesPerSecond <= 0)
        return;
    const qint64 left = progress.secondsLeft();
    const QString rate = tr("%1 MB/s").arg(megabytesText(qint64(progress.bytesPerSecond)));
    mSpeed->setText(left < 0 ? rate : tr("%1 · about %2 left").arg(rate, brushwork::durationText(left)));
}

void DownloadDialog::showInstalling()
{
    mStage = Stage::Installing;
    mButton->setEnabled(false);
    mBar->setRange(0, 0);
    mAmount->setText(tr("Checked. Installing %1…").arg(mTitle));
    mSpeed->clear();
}

void DownloadDialog::showFailure()
{
    mStage = Stage::Finished;
    mHeading->setText(tr("<b>%1 was not installed</b>").arg(mTitle.toHtmlEscaped()));
    mBar->hide();
    mAmount->setText(mDownloader->error() ? errortext::describe(*mDownloader->error()) : QString());
    mSpeed->clear();
    mButton->setText(tr("Close"));
    mButton->setEnabled(true);
    adjustSize(); // the explanation takes more lines than the progress did
}

} // namespace brushwork::studio
