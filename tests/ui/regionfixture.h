// SPDX-License-Identifier: GPL-3.0-or-later
// A session with the Regions panel and a preview to paint on, without the
// window; strokes are real mouse events on the preview.
#pragma once

#include "sessionfixture.h"
#include "widgets/previewview.h"
#include "widgets/regionpanel.h"
#include "window/regioncontroller.h"

#include <QCoreApplication>
#include <QMouseEvent>

struct RegionFixture : SessionFixture {
    brushwork::studio::PreviewView* preview = new brushwork::studio::PreviewView(&window);
    brushwork::studio::RegionController regions{session, *preview};

    /// Shows `photo` at four times its size, so that a fraction of the
    /// picture is that fraction of the preview.
    void showPhoto(const cv::Mat& photo)
    {
        session.setPhoto("photo.png", photo);
        preview->setPicture(session.photoImage());
        preview->resize(photo.cols * 4, photo.rows * 4);
    }

    /// A stroke with `tool` through `points` (fractions of the picture).
    void stroke(brushwork::studio::RegionPanel::Tool tool, const std::vector<QPointF>& points)
    {
        regions.panel()->setTool(tool);
        const QSizeF size = preview->size();
        auto at = [&](QPointF point) { return QPointF(point.x() * size.width(), point.y() * size.height()); };
        send(QEvent::MouseButtonPress, at(points.front()), Qt::LeftButton, Qt::LeftButton);
        for (std::size_t i = 1; i < points.size(); ++i)
            send(QEvent::MouseMove, at(points[i]), Qt::NoButton, Qt::LeftButton);
        send(QEvent::MouseButtonRelease, at(points.back()), Qt::LeftButton, Qt::NoButton);
    }

private:
    void send(QEvent::Type type, QPointF at, Qt::MouseButton button, Qt::MouseButtons buttons)
    {
        QMouseEvent event(type, at, preview->mapToGlobal(at), button, buttons, Qt::NoModifier);
        QCoreApplication::sendEvent(preview, &event);
    }
};
