// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>
#include <QImage>
#include <QString>
#include <opencv2/core.hpp>

#include <vector>

class QVBoxLayout;
class QLabel;

namespace brushwork::studio {

/// The paintings to borrow style from, each with a thumbnail, a blend
/// weight, and buttons to move or remove it. Takes dropped image files.
class StyleList : public QFrame {
    Q_OBJECT
public:
    struct Style {
        QString path;
        cv::Mat image; ///< CV_32FC3 RGB 0..1
        float blend = 1.0f;
    };

    explicit StyleList(QWidget* parent = nullptr);

    void addStyle(const QString& path, const cv::Mat& image, float blend = 1.0f);
    void removeStyle(int index);
    void moveStyle(int from, int to);
    void clear();
    const std::vector<Style>& styles() const { return mStyles; }
    std::vector<float> blends() const;

Q_SIGNALS:
    void filesDropped(const QStringList& paths);
    void stylesChanged();
    /// A blend weight moved; the run in progress follows it.
    void blendsChanged();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void rebuild();
    QWidget* makeRow(int index);

    std::vector<Style> mStyles;
    QVBoxLayout* mRows;
    QLabel* mEmpty;
};

} // namespace brushwork::studio
