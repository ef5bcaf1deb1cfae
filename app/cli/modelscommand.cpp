// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandoptions.h"
#include "commands.h"

#include "brushwork/modelfiles.h"

#include <filesystem>
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
    if (action == "import" && positional.size() == 2) {
        const std::string installed = brushwork::importWeights(positional[1], networkOption(parsed));
        std::cerr << "Installed " << installed << "\n";
        return kSuccess;
    }
    if (action == "list" && positional.size() == 1) {
        bool any = false;
        for (auto kind : {brushwork::NetworkKind::Vgg19, brushwork::NetworkKind::SqueezeNet}) {
            const auto path = brushwork::installedWeights(kind);
            if (!path)
                continue;
            any = true;
            std::error_code error;
            const auto bytes = std::filesystem::file_size(*path, error);
            std::cout << brushwork::networkName(kind) << "\t" << (error ? 0 : bytes / 1000000) << " MB\t" << *path << "\n";
        }
        if (!any)
            std::cerr << "No networks installed in " << brushwork::modelDirectory()
                      << ". 'brushwork-cli models import FILE' installs one.\n";
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
    throw UsageError("models needs one of: 'models dir', 'models list', 'models import FILE [--network N]', "
                     "'models random FILE [--network vgg19|squeezenet] [--seed N]'");
}

} // namespace cli
