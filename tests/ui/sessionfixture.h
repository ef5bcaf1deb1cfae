// SPDX-License-Identifier: GPL-3.0-or-later
// A studio session without the window, for testing one controller at a time.
#pragma once

#include "session/studiosession.h"
#include "testsupport.h"
#include "widgets/parameterpanel.h"
#include "widgets/stylelist.h"

#include <QComboBox>
#include <QSpinBox>
#include <QWidget>

struct SessionFixture {
    brushwork::studio::StudioSession session;
    QWidget window; ///< parents the controller and its dialogs, as the main window does
    /// The views of the session the window has: the panel gives the session
    /// the studio's starting settings.
    brushwork::studio::StyleList* paintings = new brushwork::studio::StyleList(session, &window);
    brushwork::studio::ParameterPanel* parameters = new brushwork::studio::ParameterPanel(session, &window);

    /// A photo and a painting, at the smallest size the studio offers, at a
    /// quality whose run outlasts the test.
    void fillForALongRun()
    {
        session.setPhoto("photo.png", testsupport::makeContentImage(48, 32));
        session.addPainting("painting.png", testsupport::makeStyleImage(32, 32));
        parameters->outputSize()->setValue(64);
        parameters->quality()->setCurrentIndex(2);
    }
};
