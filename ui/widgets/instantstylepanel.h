// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "background/instantstyler.h"

#include <QWidget>

class QAction;
class QLabel;
class QListWidget;
class QStackedWidget;

namespace brushwork::studio {

/// The installed instant styles, each as a thumbnail of the same reference
/// picture painted in that style; clicking one asks for the photo in that
/// style (styleChosen). With none installed it says so and offers to add one.
/// The actions under the thumbnails (add a network, refine the picture)
/// belong to the window, which also enables them.
class InstantStylePanel : public QWidget {
    Q_OBJECT
public:
    InstantStylePanel(QAction* addNetwork, QAction* refine, QWidget* parent = nullptr);

    /// "rain_princess" as a painter reads it: "Rain Princess".
    static QString displayName(const QString& styleName);

    /// Shows `styles` with a placeholder until their thumbnails arrive.
    void setStyles(const std::vector<InstantStyler::Style>& styles);
    void setThumbnail(const QString& networkPath, const QImage& thumbnail);
    /// Unmarks the chosen style: the picture no longer shows it.
    void clearChoice();

    QListWidget* list() const { return mList; }

Q_SIGNALS:
    void styleChosen(const QString& networkPath);

private:
    QWidget* makeEmptyPage(QAction* addNetwork);

    QListWidget* mList;
    QStackedWidget* mPages;
    QWidget* mAddMore; ///< hidden while the empty page offers the same

};

} // namespace brushwork::studio
