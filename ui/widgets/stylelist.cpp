// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/stylelist.h"

#include "session/studiosession.h"
#include "support/filedrop.h"
#include "support/matimage.h"

#include <QDragEnterEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QStyle>
#include <QToolButton>

namespace brushwork::studio {

namespace {
constexpr int kThumbnail = 56;
}

StyleList::StyleList(StudioSession& session, QWidget* parent)
    : QFrame(parent)
    , mSession(session)
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
    connect(&mSession, &StudioSession::paintingsChanged, this, &StyleList::rebuild);
    connect(&mSession, &StudioSession::sharesChanged, this, &StyleList::showShares);
    rebuild();
}

void StyleList::rebuild()
{
    // deleteLater: the button that asked for this may still be emitting.
    while (QLayoutItem* item = mRows->takeAt(0)) {
        item->widget()->hide();
        item->widget()->deleteLater();
        delete item;
    }
    mShares.clear();
    for (int i = 0; i < int(mSession.paintings().size()); ++i)
        mRows->addWidget(makeRow(i));
    mEmpty->setVisible(mSession.paintings().empty());
}

void StyleList::showShares()
{
    for (std::size_t i = 0; i < mShares.size() && i < mSession.paintings().size(); ++i) {
        const QSignalBlocker blocker(mShares[i]);
        mShares[i]->setValue(int(mSession.paintings()[i].share * 100));
    }
}

QWidget* StyleList::makeRow(int index)
{
    const StudioSession::Painting& style = mSession.paintings()[index];
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
    blend->setValue(int(style.share * 100));
    blend->setToolTip(tr("How much of this painting goes into the blend"));
    blend->setObjectName(QStringLiteral("blend%1").arg(index));
    connect(blend, &QSlider::valueChanged, this, [this, index](int value) { mSession.setShare(index, value / 100.0f); });
    mShares.push_back(blend);

    auto button = [&](QStyle::StandardPixmap icon, const QString& tip, auto action, bool enabled) {
        auto* b = new QToolButton;
        b->setIcon(this->style()->standardIcon(icon));
        b->setToolTip(tip);
        b->setAutoRaise(true);
        b->setEnabled(enabled);
        connect(b, &QToolButton::clicked, this, action);
        return b;
    };
    const int count = int(mSession.paintings().size());
    auto* up = button(QStyle::SP_ArrowUp, tr("Move up"), [this, index] { mSession.movePainting(index, index - 1); },
                      index > 0);
    auto* down = button(QStyle::SP_ArrowDown, tr("Move down"),
                        [this, index] { mSession.movePainting(index, index + 1); }, index + 1 < count);
    auto* remove = button(QStyle::SP_DialogDiscardButton, tr("Remove this painting"),
                          [this, index] { mSession.removePainting(index); }, true);

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
