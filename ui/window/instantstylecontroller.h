// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>

class QAction;
class QImage;
class QWidget;

namespace brushwork::studio {

class InstantStylePanel;
class InstantStyler;
class StudioSession;
class StyleRunner;

/// Instant styles in the studio: the panel of installed style networks,
/// painting the photo with one in a single pass (the result becomes the
/// current picture), Add Style Network… (checked and copied in the
/// background) and Refine, which paints on from that picture with the
/// feature network.
class InstantStyleController : public QObject {
    Q_OBJECT
public:
    /// `addNetwork` and `refine` are the window's actions; the panel shows them.
    InstantStyleController(StudioSession& session, const StyleRunner& runner, QAction* addNetwork, QAction* refine,
                           QWidget* window);

    /// The panel, for the window to dock.
    InstantStylePanel* panel() const { return mPanel; }

    /// Checks the style network in `path` and copies it into the model
    /// folder; a file that is not one, or whose licence does not allow it,
    /// is explained in a message box and changes nothing.
    void addNetwork(const QString& path);
    void addNetworkDialog();
    /// Paints the photo with the network in `networkPath`.
    void apply(const QString& networkPath);
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

    StudioSession& mSession;
    const StyleRunner& mRunner;
    QWidget* mWindow;
    InstantStyler* mStyler;
    InstantStylePanel* mPanel;
    QElapsedTimer mClock; ///< since the click on a style
};

} // namespace brushwork::studio
