// SPDX-License-Identifier: GPL-3.0-or-later
// The studio built without clips (-DBRUSHWORK_BUILD_VIDEO=OFF, as on the GPU
// machines): no file is a clip, so a video dropped on it is refused by the
// picture loader like any file it cannot read, and no strip ever shows.
#include "window/videocontroller.h"

#include "brushwork/error.h"

#include <QWidget>

namespace brushwork::studio {

VideoController::VideoController(StudioSession& session, PictureController&, QWidget* window)
    : QObject(window)
    , mSession(session)
    , mWindow(window)
{
    setObjectName("video");
}

VideoController::~VideoController() = default;

QWidget* VideoController::strip() const
{
    return nullptr;
}

QWidget* VideoController::withStrip(QWidget* preview) const
{
    return preview;
}

bool VideoController::isClip(const std::string&) { return false; }
bool VideoController::open(const QString&) { return false; }

VideoController::Frame VideoController::readFrame(const QString& path, int)
{
    throw brushwork::Error(brushwork::ErrorKind::Usage, path.toStdString(),
                           "this studio was built without clips (-DBRUSHWORK_BUILD_VIDEO=OFF)",
                           "Open it in a studio built with them (the default)");
}

void VideoController::reopen(const Frame&) {}
void VideoController::showFrame(int) {}
void VideoController::paintVideo() {}
void VideoController::togglePause() {}
void VideoController::cancel() {}
bool VideoController::painting() const { return false; }
bool VideoController::exportDialog() { return false; }
void VideoController::exportTo(const QString&, int, double, bool) {}
QString VideoController::paintedFolder() const { return {}; }

} // namespace brushwork::studio
