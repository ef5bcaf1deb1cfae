// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLabel>

namespace brushwork::studio {

/// The notice above the picture: a problem in a painter's words, or an offer
/// with links (linkActivated); hidden while there is nothing to say.
class NoticeBar : public QLabel {
    Q_OBJECT
public:
    explicit NoticeBar(QWidget* parent = nullptr);

    /// Shows `text` (rich text when it holds a link); empty hides the bar.
    void say(const QString& text);
};

} // namespace brushwork::studio
