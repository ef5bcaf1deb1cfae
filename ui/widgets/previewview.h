// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <QPixmap>
#include <QWidget>

namespace brushwork::studio {

/// Shows the picture being painted: fit to the window or at a zoom (wheel,
/// 100%), panned by dragging, and optionally split against the photo
/// ("before" left of a draggable divider, "after" right of it). May lay a
/// translucent overlay over the picture (the regions), show it tiled 3×3 to
/// check its seams, and take brush strokes instead of panning.
class PreviewView : public QWidget {
    Q_OBJECT
public:
    explicit PreviewView(QWidget* parent = nullptr);

    void setPicture(const QImage& picture);
    void setBefore(const QImage& before);
    const QImage& picture() const { return mPicture; }

    void fitToWindow();
    void showActualSize();
    void setSplit(bool split);
    bool isSplit() const { return mSplit; }
    /// Text shown when there is no picture yet.
    void setPlaceholder(const QString& text);
    /// Drawn over the picture, stretched to it; null for none.
    void setOverlay(const QImage& overlay);
    /// The picture 3×3 times, side by side, the middle one being the picture
    /// that zoom, panning and strokes refer to.
    void setTiled(bool tiled);
    bool isTiled() const { return mTiled; }
    /// > 0: the left button paints strokes (a circle of this radius, a
    /// fraction of the picture's long side, follows the pointer) and the
    /// right button pans; 0: the left button pans.
    void setBrush(double radius);

Q_SIGNALS:
    /// Points are fractions of the picture, 0..1 across and down (wrapped
    /// into the middle picture when tiled).
    void strokeStarted(QPointF at);
    void strokeMoved(QPointF from, QPointF to);
    void strokeEnded();

protected:
    void paintEvent(QPaintEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    QRectF pictureRect() const;
    double scale() const;
    QPointF onPicture(QPointF position) const;
    void paintTiles(QPainter& painter, const QRectF& middle);

    QImage mPicture;
    QPixmap mPixmap; ///< made once per picture, not per paint
    QPixmap mBefore;
    QString mPlaceholder;
    bool mFit = true;
    double mZoom = 1.0;
    QPointF mPan;
    bool mSplit = false;
    double mSplitAt = 0.5; ///< divider position, 0..1 of the picture's width
    QImage mOverlay;
    bool mTiled = false;
    double mBrush = 0;
    QPointF mPointer{-1, -1}; ///< where the brush circle is drawn; negative: not over the view
    enum class Drag { None, Pan, Divider, Stroke } mDrag = Drag::None;
    QPointF mDragStart;
    QPointF mStrokeAt;
};

} // namespace brushwork::studio
