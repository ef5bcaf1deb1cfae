// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/previewview.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

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
    if (mFit)
        return std::min({double(width()) / mPixmap.width(), double(height()) / mPixmap.height(), 4.0});
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
    painter.drawPixmap(target, mPixmap, mPixmap.rect());
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
    setCursor(overDivider || mDrag == Drag::Divider ? Qt::SplitHCursor : mFit ? Qt::ArrowCursor : Qt::OpenHandCursor);
}

void PreviewView::mouseReleaseEvent(QMouseEvent*)
{
    mDrag = Drag::None;
}

} // namespace brushwork::studio
