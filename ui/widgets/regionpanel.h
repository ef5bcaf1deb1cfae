// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QAbstractButton;
class QAction;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QListWidget;
class QPushButton;
class QSlider;
class QToolButton;

namespace brushwork::studio {

class RegionHistory;
class StudioSession;

/// The session's regions: a list (each in the colour it is shown in over
/// the picture), the painting each one paints with ("Keep the photo" keeps
/// it) and its strength, the tools that paint them, and the "Tileable"
/// switch. Shows the session's regions and writes the painter's choices
/// into it, each a step of its history; what the tools do on the picture is
/// RegionController's.
class RegionPanel : public QWidget {
    Q_OBJECT
public:
    enum class Tool { None, Brush, Eraser, Fill, SelectSimilar };

    RegionPanel(StudioSession& session, RegionHistory& history, QWidget* parent = nullptr);

    /// The region the tools paint; -1 when there is none.
    int current() const;
    void setCurrent(int index);
    Tool tool() const { return mTool; }
    void setTool(Tool tool);
    /// The brush's radius, a fraction of the picture's long side.
    double brushRadius() const;
    /// Buttons for view actions (showing the regions, the tiled view) under the tools.
    void addViewActions(const QList<QAction*>& actions);

    QSlider* brushSize() const { return mSize; }
    QComboBox* painting() const { return mPainting; }
    QDoubleSpinBox* strength() const { return mStrength; }
    QCheckBox* tileable() const { return mTileable; }
    QAbstractButton* toolButton(Tool tool) const;

Q_SIGNALS:
    void toolChanged(brushwork::studio::RegionPanel::Tool tool);
    void brushRadiusChanged(double radius);
    void currentChanged(int index);

private:
    void rebuild();
    void showCurrent();
    void addRegion();
    void writeChoice();

    StudioSession& mSession;
    RegionHistory& mHistory;
    QListWidget* mList;
    QPushButton* mAdd;
    QPushButton* mRemove;
    QComboBox* mPainting;
    QDoubleSpinBox* mStrength;
    QSlider* mSize;
    QCheckBox* mTileable;
    QWidget* mViewRow;
    std::vector<std::pair<Tool, QToolButton*>> mTools;
    Tool mTool = Tool::None;
    bool mSyncing = false;
};

} // namespace brushwork::studio
