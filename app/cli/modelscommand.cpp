// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandoptions.h"
#include "commands.h"

#include "brushwork/modelfiles.h"

#include <iostream>

namespace cli {

int modelsCommand(const std::vector<std::string>& args)
{
    const Arguments parsed(args, {"network", "seed"}, {});
    const auto& positional = parsed.positional();
    const std::string action = positional.empty() ? "" : positional[0];
    if (action == "dir" && positional.size() == 1) {
        std::cout << brushwork::modelDirectory() << "\n";
        return kSuccess;
    }
    if (action == "random" && positional.size() == 2) {
        const auto kind = networkOption(parsed, brushwork::NetworkKind::Vgg19);
        const int seed = parsed.integer("seed", 1, 0, 2147483647);
        brushwork::writeRandomWeights(positional[1], kind, std::uint64_t(seed));
        std::cerr << "Wrote random " << brushwork::networkName(kind) << " weights (seed " << seed << ") to "
                  << positional[1] << "\n";
        return kSuccess;
    }
    throw UsageError("models needs one of: 'models dir', 'models random FILE [--network vgg19|squeezenet] [--seed N]'");
}

} // namespace cli
