// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandoptions.h"
#include "commands.h"
#include "modelactions.h"

#include "brushwork/modelfiles.h"
#include "brushwork/modelimport.h"

#include <iostream>

namespace cli {

int modelsCommand(const std::vector<std::string>& args)
{
    const Arguments parsed(args, {"network", "seed", "url", "sha256"}, {});
    const auto& positional = parsed.positional();
    const std::string action = positional.empty() ? "" : positional[0];
    if (action == "dir" && positional.size() == 1) {
        std::cout << brushwork::modelDirectory() << "\n";
        return kSuccess;
    }
    if (action == "import" && positional.size() == 2) {
        const std::string installed = brushwork::importModel(positional[1], networkOption(parsed));
        std::cerr << "Installed " << installed << "\n";
        return kSuccess;
    }
    if (action == "list" && positional.size() == 1)
        return listModels();
    if (action == "verify" && positional.size() == 1)
        return verifyModels();
    if (action == "download")
        return downloadModel(parsed);
    if (action == "random" && positional.size() == 2) {
        const auto kind = networkOption(parsed, brushwork::NetworkKind::Vgg19);
        const int seed = parsed.integer("seed", 1, 0, 2147483647);
        brushwork::writeRandomWeights(positional[1], kind, std::uint64_t(seed));
        std::cerr << "Wrote random " << brushwork::networkName(kind) << " weights (seed " << seed << ") to "
                  << positional[1] << "\n";
        return kSuccess;
    }
    throw UsageError("models needs one of: 'models dir', 'models list', 'models verify', "
                     "'models download [NAME] [--url URL] [--sha256 HEX]', 'models import FILE [--network N]', "
                     "'models random FILE [--network vgg19|squeezenet] [--seed N]'");
}

} // namespace cli
