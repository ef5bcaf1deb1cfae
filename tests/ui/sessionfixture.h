// SPDX-License-Identifier: GPL-3.0-or-later
// A studio session without the window, for testing one controller at a time.
#pragma once

#include "widgets/parameterpanel.h"
#include "widgets/stylelist.h"
#include "window/studiosession.h"

#include <QWidget>

struct SessionFixture {
    QWidget window; ///< parents the controller and its dialogs, as the main window does
    brushwork::studio::StyleList* paintings = new brushwork::studio::StyleList(&window);
    brushwork::studio::ParameterPanel* parameters = new brushwork::studio::ParameterPanel(&window);
    brushwork::studio::StudioSession session{paintings, parameters};
};
