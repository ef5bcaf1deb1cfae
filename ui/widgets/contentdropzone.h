// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>
#include <QStringList>

class QLabel;

namespace brushwork::studio {

/// The photo to paint: shows its thumbnail and takes image files dropped on
/// it or chosen with a click.
class ContentDropZone : public QFrame {
    Q_OBJECT
public:
    explicit ContentDropZone(QWidget* parent = nullptr);

    void setPicture(const QImage& picture, const QString& name);

Q_SIGNALS:
    void filesDropped(const QStringList& paths);
    void clicked();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    QLabel* mThumbnail;
    QLabel* mCaption;
};

} // namespace brushwork::studio
