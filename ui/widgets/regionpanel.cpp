// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/regionpanel.h"

#include "session/regionhistory.h"
#include "session/studiosession.h"
#include "support/regionmasks.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPixmap>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSlider>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <tuple>

namespace brushwork::studio {
namespace {

/// The brush slider's steps: its value over this is the radius as a
/// fraction of the picture's long side (0.2 % to 20 %).
constexpr double kSizeSteps = 1000.0;

QIcon swatch(int index)
{
    QPixmap pixmap(14, 14);
    pixmap.fill(regionmasks::colourOf(index));
    return QIcon(pixmap);
}

} // namespace

RegionPanel::RegionPanel(StudioSession& session, RegionHistory& history, QWidget* parent)
    : QWidget(parent)
    , mSession(session)
    , mHistory(history)
    , mList(new QListWidget)
    , mAdd(new QPushButton(tr("Add")))
    , mRemove(new QPushButton(tr("Remove")))
    , mPainting(new QComboBox)
    , mStrength(new QDoubleSpinBox)
    , mSize(new QSlider(Qt::Horizontal))
    , mTileable(new QCheckBox(tr("Tileable")))
    , mViewRow(new QWidget)
{
    setObjectName("regions");
    mList->setMaximumHeight(110);
    mList->setToolTip(tr("Each region paints the picture under it in its own painting's style; "
                         "the rest blends all paintings"));
    mAdd->setToolTip(tr("A new region to paint on the picture"));
    mStrength->setRange(0.0, 5.0);
    mStrength->setSingleStep(0.1);
    mStrength->setValue(1.0);
    mStrength->setToolTip(tr("How much the region's painting (or its photo) counts there"));
    mSize->setRange(2, 200);
    mSize->setValue(30);
    mSize->setToolTip(tr("The brush's size"));
    mTileable->setToolTip(tr("Paint the picture so that it tiles left-right and top-bottom without a seam"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Paint where each painting goes; the rest blends them all.")));
    layout->addWidget(mList);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(mAdd);
    buttons->addWidget(mRemove);
    layout->addLayout(buttons);
    auto* form = new QFormLayout;
    form->addRow(tr("Paints with"), mPainting);
    form->addRow(tr("Strength"), mStrength);
    form->addRow(tr("Brush size"), mSize);
    layout->addLayout(form);

    auto* tools = new QHBoxLayout;
    const std::vector<std::tuple<Tool, QString, QString>> kinds = {
        {Tool::Brush, tr("Brush"), tr("Paint the region on the picture (right button: move the picture)")},
        {Tool::Eraser, tr("Eraser"), tr("Take the picture out of the region")},
        {Tool::Fill, tr("Fill"), tr("Fill the outline you click inside (or everything, when there is none)")},
        {Tool::SelectSimilar, tr("Select similar"), tr("Stroke over an object: the region grows to its edges")}};
    for (const auto& [tool, text, tip] : kinds) {
        auto* button = new QToolButton;
        button->setText(text);
        button->setToolTip(tip);
        button->setCheckable(true);
        connect(button, &QToolButton::clicked, this, [this, tool = tool](bool on) { setTool(on ? tool : Tool::None); });
        tools->addWidget(button);
        mTools.emplace_back(tool, button);
    }
    layout->addLayout(tools);
    new QHBoxLayout(mViewRow);
    mViewRow->layout()->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(mViewRow);
    layout->addWidget(mTileable);

    connect(mAdd, &QPushButton::clicked, this, &RegionPanel::addRegion);
    connect(mRemove, &QPushButton::clicked, this, [this] { mHistory.removeRegion(current()); });
    connect(mList, &QListWidget::currentRowChanged, this, [this](int row) {
        showCurrent();
        if (!mSyncing)
            Q_EMIT currentChanged(row);
    });
    connect(mPainting, &QComboBox::activated, this, &RegionPanel::writeChoice);
    connect(mStrength, &QDoubleSpinBox::valueChanged, this, &RegionPanel::writeChoice);
    connect(mSize, &QSlider::valueChanged, this, [this] { Q_EMIT brushRadiusChanged(brushRadius()); });
    connect(mTileable, &QCheckBox::toggled, this, [this](bool on) {
        if (mSyncing || mSession.settings().seamless == on)
            return;
        brushwork::StyleParams settings = mSession.settings();
        settings.seamless = on;
        mSession.setSettings(settings);
    });
    connect(&mSession, &StudioSession::settingsChanged, this, [this] {
        const QScopedValueRollback<bool> syncing(mSyncing, true);
        mTileable->setChecked(mSession.settings().seamless);
    });
    connect(&mSession, &StudioSession::regionsChanged, this, &RegionPanel::rebuild);
    connect(&mSession, &StudioSession::paintingsChanged, this, &RegionPanel::rebuild);
    connect(&mSession, &StudioSession::photoChanged, this, &RegionPanel::rebuild);
    rebuild();
}

int RegionPanel::current() const
{
    return mList->currentRow();
}

void RegionPanel::setCurrent(int index)
{
    mList->setCurrentRow(index);
}

void RegionPanel::setTool(Tool tool)
{
    mTool = tool;
    for (const auto& [kind, button] : mTools)
        button->setChecked(kind == tool);
    Q_EMIT toolChanged(tool);
}

QAbstractButton* RegionPanel::toolButton(Tool tool) const
{
    for (const auto& [kind, button] : mTools)
        if (kind == tool)
            return button;
    return nullptr;
}

double RegionPanel::brushRadius() const
{
    return mSize->value() / kSizeSteps;
}

void RegionPanel::addViewActions(const QList<QAction*>& actions)
{
    for (QAction* action : actions) {
        auto* button = new QToolButton;
        button->setDefaultAction(action);
        mViewRow->layout()->addWidget(button);
    }
}

void RegionPanel::addRegion()
{
    if (mSession.photo().empty())
        return;
    // A new region paints with the first painting no region has yet.
    int painting = mSession.paintings().empty() ? brushwork::Region::kKeepPhoto : 0;
    for (int p = 0; p < int(mSession.paintings().size()); ++p) {
        const auto& regions = mSession.regions();
        if (std::none_of(regions.begin(), regions.end(), [p](const auto& r) { return r.painting == p; })) {
            painting = p;
            break;
        }
    }
    setCurrent(mHistory.addRegion(painting));
    if (mTool == Tool::None)
        setTool(Tool::Brush);
}

void RegionPanel::rebuild()
{
    const QScopedValueRollback<bool> syncing(mSyncing, true);
    const int keep = mList->currentRow();
    mList->clear();
    const auto& regions = mSession.regions();
    for (std::size_t r = 0; r < regions.size(); ++r) {
        const int painting = regions[r].painting;
        const QString what = painting == brushwork::Region::kKeepPhoto
                                 ? tr("keeps the photo")
                                 : QFileInfo(mSession.paintings()[painting].path).completeBaseName();
        mList->addItem(new QListWidgetItem(swatch(int(r)), tr("Region %1: %2").arg(r + 1).arg(what)));
    }
    mList->setCurrentRow(std::min(keep < 0 ? 0 : keep, int(regions.size()) - 1));
    mPainting->clear();
    mPainting->addItem(tr("Keep the photo"), brushwork::Region::kKeepPhoto);
    for (std::size_t p = 0; p < mSession.paintings().size(); ++p)
        mPainting->addItem(QFileInfo(mSession.paintings()[p].path).completeBaseName(), int(p));
    mAdd->setEnabled(!mSession.photo().empty());
    showCurrent();
}

void RegionPanel::showCurrent()
{
    const QScopedValueRollback<bool> syncing(mSyncing, true);
    const int index = current();
    const bool any = index >= 0 && index < int(mSession.regions().size());
    mRemove->setEnabled(any);
    mPainting->setEnabled(any);
    mStrength->setEnabled(any);
    if (!any)
        return;
    const brushwork::Region& region = mSession.regions()[index];
    mPainting->setCurrentIndex(mPainting->findData(region.painting));
    mStrength->setValue(region.strength);
}

void RegionPanel::writeChoice()
{
    const int index = current();
    if (mSyncing || index < 0 || index >= int(mSession.regions().size()))
        return;
    brushwork::Region region = mSession.regions()[index];
    const int painting = mPainting->currentData().toInt();
    const float strength = float(mStrength->value());
    if (painting == region.painting && strength == region.strength)
        return;
    const QString step = painting != region.painting ? tr("Region's Painting") : tr("Region's Strength");
    region.painting = painting;
    region.strength = strength;
    mHistory.setRegion(index, region, step);
}

} // namespace brushwork::studio
