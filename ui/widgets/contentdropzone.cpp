// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/contentdropzone.h"

#include "support/filedrop.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QLabel>
#include <QVBoxLayout>

namespace brushwork::studio {

ContentDropZone::ContentDropZone(QWidget* parent)
    : QFrame(parent)
    , mThumbnail(new QLabel)
    , mCaption(new QLabel)
{
    setAcceptDrops(true);
    setFrameShape(QFrame::StyledPanel);
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("Drop a photo here, or click to choose one"));
    mThumbnail->setAlignment(Qt::AlignCenter);
    mThumbnail->setMinimumHeight(120);
    mThumbnail->setText(tr("Drop a photo here\nor click to open one"));
    mThumbnail->setForegroundRole(QPalette::PlaceholderText);
    mCaption->setAlignment(Qt::AlignCenter);
    mCaption->setForegroundRole(QPalette::PlaceholderText);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(mThumbnail, 1);
    layout->addWidget(mCaption);
}

void ContentDropZone::setPicture(const QImage& picture, const QString& name)
{
    mThumbnail->setPixmap(QPixmap::fromImage(picture.scaled(260, 160, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
    mCaption->setText(name);
}

void ContentDropZone::dragEnterEvent(QDragEnterEvent* event)
{
    acceptFileDrag(event);
}

void ContentDropZone::dropEvent(QDropEvent* event)
{
    if (const QStringList paths = takeFileDrop(event); !paths.isEmpty())
        Q_EMIT filesDropped(paths);
}

void ContentDropZone::mouseReleaseEvent(QMouseEvent*)
{
    Q_EMIT clicked();
}

} // namespace brushwork::studio
