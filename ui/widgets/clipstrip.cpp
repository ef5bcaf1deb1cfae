// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/clipstrip.h"

#include "session/studiosession.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QVBoxLayout>

namespace brushwork::studio {

ClipStrip::ClipStrip(StudioSession& session, QWidget* parent)
    : QWidget(parent)
    , mSession(session)
    , mFrames(new QListWidget)
    , mScrubber(new QSlider(Qt::Horizontal))
    , mPosition(new QLabel)
    , mMethod(new QComboBox)
    , mPaint(new QPushButton(tr("Paint the Video")))
    , mPause(new QPushButton(tr("Pause")))
    , mCancel(new QPushButton(tr("Cancel")))
    , mProgress(new QProgressBar)
{
    setObjectName("clipStrip");
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    mFrames->setObjectName("clipFrames");
    mFrames->setFlow(QListView::LeftToRight);
    mFrames->setWrapping(false);
    mFrames->setViewMode(QListView::IconMode);
    mFrames->setMovement(QListView::Static);
    mFrames->setIconSize(QSize(96, 48));
    mFrames->setFixedHeight(92); // a row of pictures with their numbers and the scroll bar
    mFrames->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    mFrames->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    mScrubber->setObjectName("clipScrubber");
    mPosition->setObjectName("clipPosition");
    mMethod->addItem(tr("Quick: one pass a frame"));
    mMethod->addItem(tr("Full: optimise every frame"));
    mMethod->setToolTip(tr("Quick paints with the instant network (a fraction of a second a frame); full paints "
                           "every frame as Start does, from the last one (minutes a frame)"));
    mPaint->setObjectName("paintVideo");
    mPaint->setToolTip(tr("Paint every frame in the background, steady from one frame to the next"));
    mPause->setObjectName("pauseVideo");
    mCancel->setObjectName("cancelVideo");
    mProgress->setObjectName("clipProgress");
    mProgress->setTextVisible(true);

    auto* scrubbing = new QHBoxLayout;
    scrubbing->addWidget(mScrubber, 1);
    scrubbing->addWidget(mPosition);
    auto* painting = new QHBoxLayout;
    painting->addWidget(mMethod);
    painting->addWidget(mPaint);
    painting->addWidget(mProgress, 1);
    painting->addWidget(mPause);
    painting->addWidget(mCancel);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(mFrames);
    layout->addLayout(scrubbing);
    layout->addLayout(painting);

    connect(mScrubber, &QSlider::valueChanged, this, &ClipStrip::scrubbed);
    connect(mFrames, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            mScrubber->setValue(row);
    });
    connect(mPaint, &QPushButton::clicked, this, &ClipStrip::paintRequested);
    connect(mPause, &QPushButton::clicked, this, &ClipStrip::pauseRequested);
    connect(mCancel, &QPushButton::clicked, this, &ClipStrip::cancelRequested);
    connect(&mSession, &StudioSession::clipChanged, this, &ClipStrip::followClip);
    connect(&mSession, &StudioSession::clipFrameChanged, this, &ClipStrip::followFrame);
    connect(&mSession, &StudioSession::paintingsChanged, this, &ClipStrip::followClip);
    followClip();
    showPainting(false, false);
}

void ClipStrip::followClip()
{
    setVisible(mSession.hasClip());
    const int count = mSession.clip().frameCount;
    if (!mSession.hasClip() || mFrames->property("clip").toString() != mSession.clip().path) {
        mFrames->clear();
        mFrames->setProperty("clip", mSession.clip().path);
    }
    while (mFrames->count() < count)
        mFrames->addItem(new QListWidgetItem(QString::number(mFrames->count() + 1)));
    const QSignalBlocker quiet(mScrubber);
    mScrubber->setRange(0, std::max(0, count - 1));
    mPaint->setEnabled(mSession.hasClip() && !mSession.paintings().empty());
    followFrame();
}

void ClipStrip::followFrame()
{
    const int frame = mSession.clipFrame();
    {
        const QSignalBlocker quiet(mScrubber);
        mScrubber->setValue(frame);
    }
    const QSignalBlocker quiet(mFrames);
    mFrames->setCurrentRow(frame);
    const QString count = mSession.clip().frameCount > 0 ? QString::number(mSession.clip().frameCount) : tr("…");
    mPosition->setText(tr("Frame %1 of %2").arg(frame + 1).arg(count));
}

void ClipStrip::setThumbnail(int index, const QImage& picture)
{
    while (mFrames->count() <= index)
        mFrames->addItem(new QListWidgetItem(QString::number(mFrames->count() + 1)));
    mFrames->item(index)->setIcon(QIcon(QPixmap::fromImage(picture)));
}

int ClipStrip::frameCount() const
{
    return mSession.clip().frameCount;
}

void ClipStrip::showPainting(bool painting, bool paused)
{
    mMethod->setEnabled(!painting);
    mPaint->setVisible(!painting);
    mPause->setVisible(painting);
    mCancel->setVisible(painting);
    mProgress->setVisible(painting || mProgress->value() > 0);
    mPause->setText(paused ? tr("Resume") : tr("Pause"));
}

void ClipStrip::showProgress(int done, int total, const QString& text)
{
    mProgress->setRange(0, std::max(total, 1));
    mProgress->setValue(std::min(done, std::max(total, 1)));
    mProgress->setFormat(text);
    mProgress->setVisible(true);
}

bool ClipStrip::optimize() const
{
    return mMethod->currentIndex() == 1;
}

} // namespace brushwork::studio
