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
        press(tool, points.front());
        for (std::size_t i = 1; i < points.size(); ++i)
            moveTo(points[i]);
        release(points.back());
    }

    /// A stroke a step at a time: the button pressed with `tool` at `point`,
    /// moved, released.
    void press(brushwork::studio::RegionPanel::Tool tool, QPointF point)
    {
        regions.panel()->setTool(tool);
        send(QEvent::MouseButtonPress, at(point), Qt::LeftButton, Qt::LeftButton);
    }
    void moveTo(QPointF point) { send(QEvent::MouseMove, at(point), Qt::NoButton, Qt::LeftButton); }
    void release(QPointF point) { send(QEvent::MouseButtonRelease, at(point), Qt::LeftButton, Qt::NoButton); }

private:
    QPointF at(QPointF point) const
    {
        return {point.x() * preview->width(), point.y() * preview->height()};
    }

    void send(QEvent::Type type, QPointF at, Qt::MouseButton button, Qt::MouseButtons buttons)
    {
        QMouseEvent event(type, at, preview->mapToGlobal(at), button, buttons, Qt::NoModifier);
        QCoreApplication::sendEvent(preview, &event);
    }
};
