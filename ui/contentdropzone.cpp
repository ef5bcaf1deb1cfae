// SPDX-License-Identifier: GPL-3.0-or-later
#include "contentdropzone.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QLabel>
#include <QMimeData>
#include <QVBoxLayout>

QStringList droppedFiles(const QMimeData* mime)
{
    QStringList paths;
    if (!mime)
        return paths;
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    return paths;
}

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
    if (!droppedFiles(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void ContentDropZone::dropEvent(QDropEvent* event)
{
    const QStringList paths = droppedFiles(event->mimeData());
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    Q_EMIT filesDropped(paths);
}

void ContentDropZone::mouseReleaseEvent(QMouseEvent*)
{
    Q_EMIT clicked();
}
