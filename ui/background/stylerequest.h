// SPDX-License-Identifier: GPL-3.0-or-later
// What the studio asks the engine to paint, and what it hears back.
#pragma once

#include "brushwork/params.h"
#include "brushwork/progress.h"
#include "brushwork/runcontrol.h"

#include <QMetaType>
#include <QString>

#include <memory>

namespace brushwork::studio {

struct StyleRequest {
    quint64 runId = 0;
    QString weightsPath;
    brushwork::StyleJob job;
    std::shared_ptr<brushwork::RunControl> control; ///< shared with the GUI, which steers through it
};

} // namespace brushwork::studio

Q_DECLARE_METATYPE(brushwork::Progress)
