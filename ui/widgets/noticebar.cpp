// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/noticebar.h"

namespace brushwork::studio {

NoticeBar::NoticeBar(QWidget* parent)
    : QLabel(parent)
{
    setObjectName("notice");
    setWordWrap(true);
    setVisible(false);
    setForegroundRole(QPalette::ToolTipText);
    setBackgroundRole(QPalette::ToolTipBase);
    setAutoFillBackground(true);
    setMargin(8);
}

void NoticeBar::say(const QString& text)
{
    setTextFormat(text.contains("<a href") ? Qt::RichText : Qt::PlainText);
    setText(text);
    setVisible(!text.isEmpty());
}

} // namespace brushwork::studio
