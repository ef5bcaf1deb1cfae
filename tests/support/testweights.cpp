// SPDX-License-Identifier: GPL-3.0-or-later
// Seeded random network weights for the tests that run the engine; kept apart
// from testsupport.cpp so the tests of the torch-free layers link no engine.
#include "testsupport.h"

#include "brushwork/modelfiles.h"

#include <map>

namespace testsupport {

QString randomWeightsPath(brushwork::NetworkKind kind)
{
    static std::map<brushwork::NetworkKind, QString> written;
    auto found = written.find(kind);
    if (found != written.end())
        return found->second;
    const QString path = scratchDir() + "/" + QString::fromStdString(brushwork::modelFileName(kind));
    brushwork::writeRandomWeights(path.toStdString(), kind, 1234);
    written[kind] = path;
    return path;
}

} // namespace testsupport
