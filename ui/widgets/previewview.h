// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <QPixmap>
#include <QWidget>

namespace brushwork::studio {

/// Shows the picture being painted: fit to the window or at a zoom (wheel,
/// 100%), panned by dragging, and optionally split against the photo
/// ("before" left of a draggable divider, "after" right of it).
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

protected:
    void paintEvent(QPaintEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    QRectF pictureRect() const;
    double scale() const;

    QImage mPicture;
    QPixmap mPixmap; ///< made once per picture, not per paint
    QPixmap mBefore;
    QString mPlaceholder;
    bool mFit = true;
    double mZoom = 1.0;
    QPointF mPan;
    bool mSplit = false;
    double mSplitAt = 0.5; ///< divider position, 0..1 of the picture's width
    enum class Drag { None, Pan, Divider } mDrag = Drag::None;
    QPointF mDragStart;
};

} // namespace brushwork::studio
