// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/stylenetworkpanel.h"

#include <QAction>
#include <QIcon>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QSlider>
#include <QStackedWidget>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace brushwork::studio {

namespace {

/// The reference picture is 3:2; room for two columns in a narrow dock.
constexpr QSize kThumbnail(132, 88);
constexpr int kNameLines = 2;
constexpr int kPathRole = Qt::UserRole;

QPixmap placeholder(const QPalette& palette)
{
    QPixmap pixmap(kThumbnail);
    pixmap.fill(palette.color(QPalette::Midlight));
    return pixmap;
}

QToolButton* actionButton(QAction* action)
{
    auto* button = new QToolButton;
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    return button;
}

} // namespace

StyleNetworkPanel::StyleNetworkPanel(QAction* addNetwork, QAction* refine, QWidget* parent)
    : QWidget(parent)
    , mAnyPainting(new QToolButton)
    , mStrength(new QSlider(Qt::Horizontal))
    , mStrengthValue(new QLabel)
    , mList(new QListWidget)
    , mPages(new QStackedWidget)
    , mAddMore(actionButton(addNetwork))
{
    mList->setViewMode(QListView::IconMode);
    mList->setIconSize(kThumbnail);
    const int nameHeight = fontMetrics().lineSpacing() * kNameLines;
    mList->setGridSize(kThumbnail + QSize(12, nameHeight + 14));
    mList->setResizeMode(QListView::Adjust);
    mList->setMovement(QListView::Static);
    mList->setWordWrap(true);
    mList->setUniformItemSizes(true);
    mList->setSelectionMode(QAbstractItemView::SingleSelection);
    mList->setMinimumWidth(2 * mList->gridSize().width() + 2 * mList->frameWidth() +
                           style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 4);
    mList->setToolTip(tr("Click a style to paint your photo with it at once"));
    // Clicked for the mouse, activated for Return; where a click also
    // activates, StyleNetworkStyler ignores the second request for the same style.
    const auto choose = [this](QListWidgetItem* item) {
        mAnyPainting->setChecked(false);
        Q_EMIT styleChosen(item->data(kPathRole).toString());
    };
    connect(mList, &QListWidget::itemClicked, this, choose);
    connect(mList, &QListWidget::itemActivated, this, choose);

    mPages->addWidget(makeEmptyPage(addNetwork));
    mPages->addWidget(mList);
    mPages->setCurrentWidget(mList); // "none yet" only once the folder has been read

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(mAddMore);
    buttons->addWidget(actionButton(refine));
    auto* networksHeading = new QLabel(tr("<b>Style networks</b>"));
    networksHeading->setToolTip(tr("Small networks trained on one painting each"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(makeAnyPaintingTile());
    layout->addWidget(networksHeading);
    layout->addWidget(mPages, 1);
    layout->addLayout(buttons);
}

QWidget* StyleNetworkPanel::makeAnyPaintingTile()
{
    mAnyPainting->setObjectName("anyPainting");
    mAnyPainting->setText(tr("Any painting"));
    mAnyPainting->setToolTip(tr("Your photo in the style of the paintings on the left, at once. "
                                "Start then refines it."));
    mAnyPainting->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
    mAnyPainting->setIconSize(kThumbnail);
    mAnyPainting->setCheckable(true);
    mAnyPainting->setAutoRaise(true);
    mAnyPainting->setIcon(QIcon(QPixmap(QStringLiteral(":/gallery/reference.png"))
                                    .scaled(kThumbnail, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
    // Checked only while the picture shows it: a click asks, the picture's arrival confirms.
    connect(mAnyPainting, &QToolButton::clicked, this, [this] {
        mAnyPainting->setChecked(false);
        Q_EMIT anyPaintingChosen();
    });

    mStrength->setObjectName("strength");
    mStrength->setRange(0, 100);
    mStrength->setValue(100);
    mStrength->setToolTip(tr("How much of the paintings' style: at 0% the photo keeps its own look"));
    mStrengthValue->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("100%")));
    const auto showValue = [this](int value) { mStrengthValue->setText(tr("%1%").arg(value)); };
    showValue(mStrength->value());
    connect(mStrength, &QSlider::valueChanged, this, [this, showValue](int value) {
        showValue(value);
        Q_EMIT strengthChanged(strength());
    });

    auto* strengthRow = new QHBoxLayout;
    strengthRow->addWidget(new QLabel(tr("Strength")));
    strengthRow->addWidget(mStrength, 1);
    strengthRow->addWidget(mStrengthValue);
    auto* tile = new QWidget;
    auto* layout = new QVBoxLayout(tile);
    layout->setContentsMargins(0, 0, 0, 6);
    layout->addWidget(mAnyPainting, 0, Qt::AlignHCenter);
    layout->addLayout(strengthRow);
    return tile;
}

float StyleNetworkPanel::strength() const { return mStrength->value() / 100.0f; }

void StyleNetworkPanel::setStrength(float strength)
{
    mStrength->setValue(qRound(std::clamp(strength, 0.0f, 1.0f) * 100));
}

void StyleNetworkPanel::showAnyPainting(const QImage& thumbnail)
{
    mList->clearSelection();
    mAnyPainting->setChecked(true);
    mAnyPainting->setIcon(QIcon(QPixmap::fromImage(
        thumbnail.scaled(kThumbnail, Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation)
            .copy(QRect(QPoint(0, 0), kThumbnail)))));
}

QWidget* StyleNetworkPanel::makeEmptyPage(QAction* addNetwork)
{
    auto* text = new QLabel(tr("None installed yet. A style network is trained on one painting and paints "
                               "your photo in that style in under a second. Add one you have "
                               "(a <tt>.safetensors</tt> file) and it appears here."));
    text->setWordWrap(true);
    text->setAlignment(Qt::AlignCenter);
    auto* button = new QPushButton(addNetwork->text().remove('&'));
    connect(button, &QPushButton::clicked, addNetwork, &QAction::trigger);
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    layout->addStretch();
    layout->addWidget(text);
    layout->addWidget(button, 0, Qt::AlignHCenter);
    layout->addStretch();
    return page;
}

QString StyleNetworkPanel::displayName(const QString& styleName)
{
    QStringList words = styleName.split(QRegularExpression("[_\\s-]+"), Qt::SkipEmptyParts);
    for (QString& word : words)
        word[0] = word[0].toUpper();
    return words.join(' ');
}

void StyleNetworkPanel::setStyles(const std::vector<StyleNetworkStyler::Style>& styles)
{
    mList->clear();
    const QPixmap waiting = placeholder(palette());
    for (const StyleNetworkStyler::Style& style : styles) {
        auto* item = new QListWidgetItem(QIcon(waiting), displayName(style.name));
        item->setData(kPathRole, style.path);
        item->setToolTip(tr("Paint the photo as %1").arg(displayName(style.name)));
        item->setTextAlignment(Qt::AlignHCenter | Qt::AlignTop);
        mList->addItem(item);
    }
    mPages->setCurrentWidget(styles.empty() ? mPages->widget(0) : mList);
    mAddMore->setVisible(!styles.empty());
}

void StyleNetworkPanel::setThumbnail(const QString& networkPath, const QImage& thumbnail)
{
    for (int row = 0; row < mList->count(); ++row) {
        QListWidgetItem* item = mList->item(row);
        if (item->data(kPathRole).toString() == networkPath)
            item->setIcon(QIcon(QPixmap::fromImage(thumbnail.scaled(kThumbnail, Qt::KeepAspectRatio,
                                                                    Qt::SmoothTransformation))));
    }
}

void StyleNetworkPanel::clearChoice()
{
    mList->clearSelection();
    mAnyPainting->setChecked(false);
}

} // namespace brushwork::studio
