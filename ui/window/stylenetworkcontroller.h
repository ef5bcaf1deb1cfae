// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "brushwork/project.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

class QAction;
class QImage;
class QWidget;

namespace brushwork::studio {

class AnyPaintingStyler;
class StyleNetworkPanel;
class StyleNetworkStyler;
class StudioSession;
class StyleRunner;

/// Style networks in the studio: the photo in the style of any painting the
/// user chose (shown as soon as there are a photo and a painting, and again
/// when they, a blend or the strength change), the panel of installed style
/// networks, painting the photo with one in a single pass (the result becomes
/// the current picture), Add Style Network… (checked and copied in the
/// background) and Refine, which paints on from that picture with the
/// feature network.
class StyleNetworkController : public QObject {
    Q_OBJECT
public:
    /// `addNetwork` and `refine` are the window's actions; the panel shows them.
    StyleNetworkController(StudioSession& session, const StyleRunner& runner, QAction* addNetwork, QAction* refine,
                           QWidget* window);

    /// The panel, for the window to dock.
    StyleNetworkPanel* panel() const { return mPanel; }

    /// Checks the style network in `path` and copies it into the model
    /// folder; a file that is not one, or whose licence does not allow it,
    /// is explained in a message box and changes nothing.
    void addNetwork(const QString& path);
    void addNetworkDialog();
    /// Paints the photo with the network in `networkPath`.
    void apply(const QString& networkPath);
    /// Paints the photo in the paintings' style, replacing the picture, or
    /// says plainly what is missing.
    void applyAnyPainting();
    /// Shows the photo in the paintings' style when nothing else is shown
    /// (no picture, or an older one of these): call when the photo, the
    /// paintings or their blend changed. Does nothing while a run paints.
    void previewAnyPainting();
    /// Asks the window to paint on from the instant picture (refineRequested),
    /// or says plainly what is missing.
    void refine();
    /// The current picture is about to be replaced: a paint still under way
    /// must not come over it.
    void forget();

Q_SIGNALS:
    void networkAdded(bool ok);
    void refineRequested();
    void notice(const QString& text);
    void status(const QString& text);

private:
    void onPainted(const QImage& picture, const QString& styleName);
    void onPaintedAnyPainting(const QImage& picture, const brushwork::InstantRecipe& recipe, double seconds);
    bool canPaintAnyPainting() const;
    void requestAnyPainting();

    StudioSession& mSession;
    const StyleRunner& mRunner;
    QWidget* mWindow;
    StyleNetworkStyler* mStyler;
    AnyPaintingStyler* mAnyPainting;
    StyleNetworkPanel* mPanel;
    QElapsedTimer mClock; ///< since the click on a style
    QTimer mPreviewSoon;  ///< one preview for a burst of changes (a project's paintings arriving)
    bool mAnyPaintingAsked = false;       ///< clicked: the picture it paints replaces any other
    bool mAnyPaintingUnavailable = false; ///< its network failed to load: previews stop asking
};

} // namespace brushwork::studio
