// SPDX-License-Identifier: GPL-3.0-or-later
// The studio's parts as tests reach them: by type or object name, the way a
// user finds them on screen, not through accessors kept for tests.
#pragma once

#include <QLabel>
#include <QSignalSpy>
#include <QWidget>

namespace studioparts {

/// The one child of `window` of type T (a widget, a controller, the runner).
template <typename T>
T* part(QObject& window)
{
    T* found = window.findChild<T*>();
    Q_ASSERT(found);
    return found;
}

/// The notice above the picture; empty while it is hidden.
inline QString notice(QWidget& window)
{
    auto* label = window.findChild<QLabel*>("notice");
    Q_ASSERT(label);
    return label->isHidden() ? QString() : label->text();
}

/// Runs `action` and waits for `signal` of `sender`, whose first argument says
/// whether it succeeded; false when it failed or never came.
template <typename Sender, typename Signal, typename Action>
bool succeeds(Sender* sender, Signal signal, Action action, int timeout = 60000)
{
    QSignalSpy spy(sender, signal);
    action();
    return (!spy.isEmpty() || spy.wait(timeout)) && spy.first().first().toBool();
}

} // namespace studioparts
