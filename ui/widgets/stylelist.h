// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>
#include <QStringList>

#include <vector>

class QLabel;
class QSlider;
class QVBoxLayout;

namespace brushwork::studio {

class StudioSession;

/// The session's paintings to borrow style from, each with a thumbnail, a
/// slider for its share of the blend, and buttons to move or remove it.
/// Shows the session's paintings and writes the painter's edits into it.
/// Takes dropped image files.
class StyleList : public QFrame {
    Q_OBJECT
public:
    explicit StyleList(StudioSession& session, QWidget* parent = nullptr);

Q_SIGNALS:
    void filesDropped(const QStringList& paths);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void rebuild();
    void showShares();
    QWidget* makeRow(int index);

    StudioSession& mSession;
    QVBoxLayout* mRows;
    QLabel* mEmpty;
    std::vector<QSlider*> mShares; ///< one per painting, in order
};

} // namespace brushwork::studio
