// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/modelimport.h"

#include "brushwork/faststyle.h"
#include "brushwork/faststylelibrary.h"
#include "brushwork/modelfiles.h"

namespace brushwork {

std::string importModel(const std::string& source, NetworkKind kind, const std::string& fastStyleFileName)
{
    if (kind == NetworkKind::Auto && isFastStyleFile(source))
        return importFastStyle(source, fastStyleFileName);
    return importWeights(source, kind);
}

} // namespace brushwork
