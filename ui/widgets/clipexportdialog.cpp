// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/clipexportdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QSpinBox>

namespace brushwork::studio {

ClipExportDialog::ClipExportDialog(int longSide, double fps, QWidget* parent)
    : QDialog(parent)
    , mFormat(new QComboBox)
    , mLongSide(new QSpinBox)
    , mFps(new QDoubleSpinBox)
    , mLoop(new QCheckBox(tr("Play again and again")))
{
    setObjectName("clipExport");
    setWindowTitle(tr("Export the Video"));
    mFormat->addItem(tr("MP4 (H.264 where this computer has it)"), ".mp4");
    mFormat->addItem(tr("WebM (VP9)"), ".webm");
    mFormat->addItem(tr("GIF (256 colours)"), ".gif");
    mFormat->addItem(tr("WebP (animated)"), ".webp");
    // The same limits recodeClip keeps.
    mLongSide->setRange(16, 16384);
    mLongSide->setSuffix(tr(" px"));
    mLongSide->setValue(longSide);
    mFps->setRange(0.1, 1000);
    mFps->setDecimals(2);
    mFps->setSuffix(tr(" frames a second"));
    mFps->setValue(fps);
    mLoop->setChecked(true);
    mLoop->setToolTip(tr("GIF and WebP loop forever, or play once; videos play once"));
    const auto followFormat = [this] { mLoop->setEnabled(extension() == ".gif" || extension() == ".webp"); };
    connect(mFormat, &QComboBox::currentIndexChanged, this, followFormat);
    followFormat();

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* form = new QFormLayout(this);
    form->addRow(tr("Format:"), mFormat);
    form->addRow(tr("Long side:"), mLongSide);
    form->addRow(tr("Frame rate:"), mFps);
    form->addRow(QString(), mLoop);
    form->addRow(buttons);
}

QString ClipExportDialog::extension() const
{
    return mFormat->currentData().toString();
}

int ClipExportDialog::longSide() const
{
    return mLongSide->value();
}

double ClipExportDialog::fps() const
{
    return mFps->value();
}

bool ClipExportDialog::loop() const
{
    return mLoop->isEnabled() && mLoop->isChecked();
}

} // namespace brushwork::studio
