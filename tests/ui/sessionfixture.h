// SPDX-License-Identifier: GPL-3.0-or-later
// A studio session without the window, for testing one controller at a time.
#pragma once

#include "session/studiosession.h"
#include "widgets/parameterpanel.h"
#include "widgets/stylelist.h"

#include <QWidget>

struct SessionFixture {
    brushwork::studio::StudioSession session;
    QWidget window; ///< parents the controller and its dialogs, as the main window does
    /// The views of the session the window has: the panel gives the session
    /// the studio's starting settings.
    brushwork::studio::StyleList* paintings = new brushwork::studio::StyleList(session, &window);
    brushwork::studio::ParameterPanel* parameters = new brushwork::studio::ParameterPanel(session, &window);
};
