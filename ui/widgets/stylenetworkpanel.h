// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "background/stylenetworkstyler.h"

#include <QWidget>

class QAction;
class QLabel;
class QListWidget;
class QSlider;
class QStackedWidget;
class QToolButton;

namespace brushwork::studio {

/// Style networks: first "Any painting" (the photo in the style of the
/// paintings the user chose, with a strength slider), then the installed style
/// networks, each as a thumbnail of the same reference picture painted in that
/// style; clicking one asks for the photo in that style (styleChosen). With no
/// network installed it says so and offers to add one. The actions under the
/// thumbnails (add a network, refine the picture) belong to the window, which
/// also enables them.
class StyleNetworkPanel : public QWidget {
    Q_OBJECT
public:
    StyleNetworkPanel(QAction* addNetwork, QAction* refine, QWidget* parent = nullptr);

    /// "rain_princess" as a painter reads it: "Rain Princess".
    static QString displayName(const QString& styleName);

    /// Shows `styles` with a placeholder until their thumbnails arrive.
    void setStyles(const std::vector<StyleNetworkStyler::Style>& styles);
    void setThumbnail(const QString& networkPath, const QImage& thumbnail);
    /// Unmarks the chosen style: the picture no longer shows it.
    void clearChoice();
    /// Marks "Any painting" as what the picture shows, with `thumbnail` (the
    /// photo as it painted it).
    void showAnyPainting(const QImage& thumbnail);

    /// The paintings' share of the style against the photo's own, 0..1.
    float strength() const;
    void setStrength(float strength);

    QListWidget* list() const { return mList; }
    QToolButton* anyPaintingButton() const { return mAnyPainting; }

Q_SIGNALS:
    void styleChosen(const QString& networkPath);
    void anyPaintingChosen();
    void strengthChanged(float strength);

private:
    QWidget* makeAnyPaintingTile();
    QWidget* makeEmptyPage(QAction* addNetwork);

    QToolButton* mAnyPainting;
    QSlider* mStrength;
    QLabel* mStrengthValue;
    QListWidget* mList;
    QStackedWidget* mPages;
    QWidget* mAddMore; ///< hidden while the empty page offers the same

};

} // namespace brushwork::studio
