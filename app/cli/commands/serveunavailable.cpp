// SPDX-License-Identifier: GPL-3.0-or-later
// `serve` in a build without Qt HttpServer (the GPU machines').
#include "commands.h"

#include "brushwork/error.h"

namespace cli {

int serveCommand(const std::vector<std::string>&)
{
    throw brushwork::Error(brushwork::ErrorKind::Usage, {},
                           "this brushwork-cli was built without Qt HttpServer, so it cannot serve",
                           "Install qt6-httpserver-dev (scripts/install-deps.sh) and build again");
}

} // namespace cli
