// SPDX-License-Identifier: GPL-3.0-or-later
// `models download` in a build without Qt Network (the GPU machines').
#include "modelactions.h"

#include "brushwork/error.h"

namespace cli {

int downloadModel(const Arguments&)
{
    throw brushwork::Error(brushwork::ErrorKind::Usage, {},
                           "this brushwork-cli was built without Qt Network, so it cannot download",
                           "Download the file with a browser or curl and install it with 'brushwork-cli models "
                           "import FILE'");
}

} // namespace cli
