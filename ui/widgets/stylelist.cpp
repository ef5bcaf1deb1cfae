// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/stylelist.h"

#include "support/filedrop.h"
#include "support/matimage.h"

#include <QDragEnterEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QStyle>
#include <QToolButton>

namespace brushwork::studio {

namespace {
constexpr int kThumbnail = 56;
}

StyleList::StyleList(QWidget* parent)
    : QFrame(parent)
    , mRows(new QVBoxLayout)
    , mEmpty(new QLabel(tr("Drop paintings here\n(several blend together)")))
{
    setAcceptDrops(true);
    setFrameShape(QFrame::StyledPanel);
    mEmpty->setAlignment(Qt::AlignCenter);
    mEmpty->setForegroundRole(QPalette::PlaceholderText);
    mEmpty->setMinimumHeight(70);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(mRows);
    layout->addWidget(mEmpty);
    layout->addStretch();
}

std::vector<float> StyleList::blends() const
{
    std::vector<float> result;
    for (const Style& s : mStyles)
        result.push_back(s.blend);
    return result;
}

void StyleList::addStyle(const QString& path, const cv::Mat& image, float blend)
{
    mStyles.push_back({path, image, blend});
    rebuild();
    Q_EMIT stylesChanged();
}

void StyleList::removeStyle(int index)
{
    if (index < 0 || index >= int(mStyles.size()))
        return;
    mStyles.erase(mStyles.begin() + index);
    rebuild();
    Q_EMIT stylesChanged();
}

void StyleList::moveStyle(int from, int to)
{
    if (from < 0 || to < 0 || from >= int(mStyles.size()) || to >= int(mStyles.size()) || from == to)
        return;
    std::swap(mStyles[from], mStyles[to]);
    rebuild();
    Q_EMIT stylesChanged();
}

void StyleList::clear()
{
    mStyles.clear();
    rebuild();
    Q_EMIT stylesChanged();
}

void StyleList::rebuild()
{
    // deleteLater: the button that asked for this may still be emitting.
    while (QLayoutItem* item = mRows->takeAt(0)) {
        item->widget()->hide();
        item->widget()->deleteLater();
        delete item;
    }
    for (int i = 0; i < int(mStyles.size()); ++i)
        mRows->addWidget(makeRow(i));
    mEmpty->setVisible(mStyles.empty());
}

QWidget* StyleList::makeRow(int index)
{
    const Style& style = mStyles[index];
    auto* row = new QWidget;
    auto* thumbnail = new QLabel;
    thumbnail->setPixmap(QPixmap::fromImage(matimage::toQImage(style.image).scaled(
        kThumbnail, kThumbnail, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
    thumbnail->setFixedSize(kThumbnail, kThumbnail);
    thumbnail->setAlignment(Qt::AlignCenter);

    auto* name = new QLabel(QFileInfo(style.path).completeBaseName());
    name->setToolTip(style.path);
    auto* blend = new QSlider(Qt::Horizontal);
    blend->setRange(0, 100);
    blend->setValue(int(style.blend * 100));
    blend->setToolTip(tr("How much of this painting goes into the blend"));
    blend->setObjectName(QStringLiteral("blend%1").arg(index));
    connect(blend, &QSlider::valueChanged, this, [this, index](int value) {
        mStyles[index].blend = value / 100.0f;
        Q_EMIT blendsChanged();
    });

    auto button = [&](QStyle::StandardPixmap icon, const QString& tip, auto action, bool enabled) {
        auto* b = new QToolButton;
        b->setIcon(this->style()->standardIcon(icon));
        b->setToolTip(tip);
        b->setAutoRaise(true);
        b->setEnabled(enabled);
        connect(b, &QToolButton::clicked, this, action);
        return b;
    };
    const int count = int(mStyles.size());
    auto* up = button(QStyle::SP_ArrowUp, tr("Move up"), [this, index] { moveStyle(index, index - 1); }, index > 0);
    auto* down = button(QStyle::SP_ArrowDown, tr("Move down"), [this, index] { moveStyle(index, index + 1); },
                        index + 1 < count);
    auto* remove = button(QStyle::SP_DialogDiscardButton, tr("Remove this painting"),
                          [this, index] { removeStyle(index); }, true);

    auto* text = new QVBoxLayout;
    text->addWidget(name);
    text->addWidget(blend);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 2, 0, 2);
    layout->addWidget(thumbnail);
    layout->addLayout(text, 1);
    layout->addWidget(up);
    layout->addWidget(down);
    layout->addWidget(remove);
    return row;
}

void StyleList::dragEnterEvent(QDragEnterEvent* event)
{
    acceptFileDrag(event);
}

void StyleList::dropEvent(QDropEvent* event)
{
    if (const QStringList paths = takeFileDrop(event); !paths.isEmpty())
        Q_EMIT filesDropped(paths);
}

} // namespace brushwork::studio
