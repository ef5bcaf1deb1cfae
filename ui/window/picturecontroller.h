// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "background/pictureloader.h"

#include <QObject>
#include <QStringList>

#include <functional>

class QWidget;

namespace brushwork::studio {

class StudioSession;

/// The photo and the paintings coming in: opened, dropped, pasted or chosen
/// from the recent files, decoded in the background, then put into the
/// session. A file that cannot be read is named in the notice and changes
/// nothing else.
class PictureController : public QObject {
    Q_OBJECT
public:
    /// `window` parents the file dialogs.
    PictureController(StudioSession& session, QWidget* window);

    void load(const QStringList& paths, PictureLoader::Role role);
    void choosePhoto();
    void choosePaintings();
    /// Opens the files on the clipboard, or the picture on it.
    void paste();
    /// Pictures still being decoded.
    int pending() const;
    /// A file asked for as the photo goes to `open` first, which takes it
    /// (a clip) or declines it (false); File > Open also offers `extensions`
    /// ("*.mp4 *.gif ...").
    void openClipsWith(std::function<bool(const QString&)> open, const QString& extensions);

Q_SIGNALS:
    /// A picture came in from `path` (for the recent files).
    void opened(const QString& path);
    /// Every picture asked for has been decoded (or refused).
    void allLoaded();
    void notice(const QString& text);

private:
    void onLoaded(PictureLoader::Role role, const std::vector<PictureLoader::Picture>& pictures);

    StudioSession& mSession;
    QWidget* mWindow;
    PictureLoader* mLoader;
    std::function<bool(const QString&)> mOpenClip;
    QString mClipExtensions;
};

} // namespace brushwork::studio
