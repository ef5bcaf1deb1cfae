// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/previewview.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <utility>

namespace brushwork::studio {

namespace {
constexpr double kMinZoom = 0.05;
constexpr double kMaxZoom = 16.0;
constexpr double kDividerGrab = 6.0; ///< pixels either side of the divider that grab it
} // namespace

PreviewView::PreviewView(QWidget* parent)
    : QWidget(parent)
{
    setMinimumSize(320, 240);
    setMouseTracking(true);
    setBackgroundRole(QPalette::Dark);
    setAutoFillBackground(true);
}

void PreviewView::setPicture(const QImage& picture)
{
    mPicture = picture;
    mPixmap = QPixmap::fromImage(picture);
    update();
}

void PreviewView::setBefore(const QImage& before)
{
    mBefore = QPixmap::fromImage(before);
    update();
}

void PreviewView::setPlaceholder(const QString& text)
{
    mPlaceholder = text;
    update();
}

void PreviewView::setOverlay(const QImage& overlay)
{
    mOverlay = overlay;
    update();
}

void PreviewView::setTiled(bool tiled)
{
    mTiled = tiled;
    mPan = {};
    update();
}

void PreviewView::setBrush(double radius)
{
    mBrush = std::max(0.0, radius);
    if (mBrush == 0 && mDrag == Drag::Stroke) {
        mDrag = Drag::None;
        Q_EMIT strokeEnded();
    }
    setCursor(mBrush > 0 ? Qt::CrossCursor : Qt::ArrowCursor);
    update();
}

QPointF PreviewView::onPicture(QPointF position) const
{
    const QRectF target = pictureRect();
    QPointF at((position.x() - target.left()) / target.width(), (position.y() - target.top()) / target.height());
    if (mTiled) // any copy is the picture itself
        at = {at.x() - std::floor(at.x()), at.y() - std::floor(at.y())};
    return at;
}

void PreviewView::fitToWindow()
{
    mFit = true;
    mPan = {};
    update();
}

void PreviewView::showActualSize()
{
    mFit = false;
    mZoom = 1.0 / devicePixelRatioF();
    mPan = {};
    update();
}

void PreviewView::setSplit(bool split)
{
    mSplit = split;
    update();
}

double PreviewView::scale() const
{
    if (mPixmap.isNull())
        return 1.0;
    const int copies = mTiled ? 3 : 1;
    if (mFit)
        return std::min({double(width()) / (copies * mPixmap.width()), double(height()) / (copies * mPixmap.height()),
                         4.0});
    return mZoom;
}

QRectF PreviewView::pictureRect() const
{
    const QSizeF size = QSizeF(mPixmap.size()) * scale();
    const QPointF topLeft((width() - size.width()) / 2 + mPan.x(), (height() - size.height()) / 2 + mPan.y());
    return {topLeft, size};
}

void PreviewView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    if (mPixmap.isNull()) {
        painter.setPen(palette().color(QPalette::BrightText));
        QFont font = painter.font();
        font.setPointSizeF(font.pointSizeF() * 1.3);
        painter.setFont(font);
        painter.drawText(rect().adjusted(40, 40, -40, -40), Qt::AlignCenter | Qt::TextWordWrap, mPlaceholder);
        return;
    }
    painter.setRenderHint(QPainter::SmoothPixmapTransform, scale() < 1.0);
    const QRectF target = pictureRect();
    if (mTiled)
        paintTiles(painter, target);
    painter.drawPixmap(target, mPixmap, mPixmap.rect());
    if (!mOverlay.isNull())
        painter.drawImage(target, mOverlay, mOverlay.rect());
    if (mSplit && !mBefore.isNull()) {
        const double x = target.left() + target.width() * mSplitAt;
        const QRectF left(target.topLeft(), QPointF(x, target.bottom()));
        const QRectF source(0, 0, mBefore.width() * mSplitAt, mBefore.height());
        painter.drawPixmap(left, mBefore, source);
        painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
        painter.drawLine(QPointF(x, target.top()), QPointF(x, target.bottom()));
        painter.setPen(palette().color(QPalette::BrightText));
        painter.drawText(left.adjusted(8, 8, -8, -8), Qt::AlignLeft | Qt::AlignTop, tr("Before"));
        painter.drawText(QRectF(QPointF(x, target.top()), target.bottomRight()).adjusted(8, 8, -8, -8),
                         Qt::AlignRight | Qt::AlignTop, tr("After"));
    }
    if (mBrush > 0 && mPointer.x() >= 0) {
        const double radius = mBrush * std::max(target.width(), target.height());
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(Qt::black, 3));
        painter.drawEllipse(mPointer, radius, radius);
        painter.setPen(QPen(Qt::white, 1));
        painter.drawEllipse(mPointer, radius, radius);
    }
}

void PreviewView::paintTiles(QPainter& painter, const QRectF& middle)
{
    for (int row = -1; row <= 1; ++row)
        for (int column = -1; column <= 1; ++column)
            if (row != 0 || column != 0)
                painter.drawPixmap(middle.translated(column * middle.width(), row * middle.height()), mPixmap,
                                   mPixmap.rect());
}

void PreviewView::wheelEvent(QWheelEvent* event)
{
    if (mPixmap.isNull())
        return;
    const double before = scale();
    const double factor = std::pow(1.0015, event->angleDelta().y());
    mZoom = std::clamp(before * factor, kMinZoom, kMaxZoom);
    mFit = false;
    // Keep the point under the cursor where it is.
    const QPointF cursor = event->position() - QPointF(width() / 2.0, height() / 2.0);
    mPan = cursor - (cursor - mPan) * (mZoom / before);
    update();
}

void PreviewView::mousePressEvent(QMouseEvent* event)
{
    if (mBrush > 0 && event->button() == Qt::LeftButton && !mPixmap.isNull()) {
        mDrag = Drag::Stroke;
        mStrokeAt = onPicture(event->position());
        Q_EMIT strokeStarted(mStrokeAt);
        return;
    }
    const QRectF target = pictureRect();
    const double divider = target.left() + target.width() * mSplitAt;
    if (mSplit && std::abs(event->position().x() - divider) <= kDividerGrab)
        mDrag = Drag::Divider;
    else
        mDrag = Drag::Pan;
    mDragStart = event->position();
}

void PreviewView::mouseMoveEvent(QMouseEvent* event)
{
    if (mBrush > 0) {
        mPointer = event->position();
        update();
    }
    if (mDrag == Drag::Stroke) {
        const QPointF at = onPicture(event->position());
        // Across a tile's edge the stroke goes on in the next copy: no line back across the picture.
        if (!mTiled || (std::abs(at.x() - mStrokeAt.x()) < 0.5 && std::abs(at.y() - mStrokeAt.y()) < 0.5))
            Q_EMIT strokeMoved(mStrokeAt, at);
        mStrokeAt = at;
        return;
    }
    const QRectF target = pictureRect();
    if (mDrag == Drag::Divider && target.width() > 0) {
        mSplitAt = std::clamp((event->position().x() - target.left()) / target.width(), 0.0, 1.0);
        update();
    } else if (mDrag == Drag::Pan && !mFit) {
        mPan += event->position() - mDragStart;
        mDragStart = event->position();
        update();
    }
    const double divider = target.left() + target.width() * mSplitAt;
    const bool overDivider = mSplit && std::abs(event->position().x() - divider) <= kDividerGrab;
    if (mBrush == 0)
        setCursor(overDivider || mDrag == Drag::Divider ? Qt::SplitHCursor
                  : mFit                                ? Qt::ArrowCursor
                                                        : Qt::OpenHandCursor);
}

void PreviewView::mouseReleaseEvent(QMouseEvent*)
{
    if (std::exchange(mDrag, Drag::None) == Drag::Stroke)
        Q_EMIT strokeEnded();
}

void PreviewView::leaveEvent(QEvent*)
{
    mPointer = {-1, -1};
    update();
}

} // namespace brushwork::studio
