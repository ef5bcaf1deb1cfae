// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/faststylelibrary.h"

#include "brushwork/atomicfile.h"
#include "support/inputfile.h"
#include "brushwork/error.h"
#include "brushwork/faststyle.h"
#include "brushwork/modelfiles.h"
#include "brushwork/modelsource.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace brushwork {
namespace fs = std::filesystem;

std::string fastStyleDirectory()
{
    return (fs::path(modelDirectory()) / "fast-styles").string();
}

std::vector<InstalledFastStyle> installedFastStyles()
{
    std::vector<InstalledFastStyle> styles;
    std::error_code error;
    for (const fs::directory_entry& entry : fs::directory_iterator(fastStyleDirectory(), error)) {
        const std::string path = entry.path().string();
        if (entry.path().extension() != ".safetensors" || !isFastStyleFile(path) || !mayOfferToUsers(path))
            continue;
        try {
            const FastStyleNetwork network(path);
            styles.push_back({path, network.styleName(), network.architecture()});
        } catch (const Error&) {
            continue; // a header that checks out over data that does not: not offered
        }
    }
    std::sort(styles.begin(), styles.end(),
              [](const InstalledFastStyle& a, const InstalledFastStyle& b) { return a.styleName < b.styleName; });
    return styles;
}

std::string importFastStyle(const std::string& source, const std::string& fileName)
{
    checkInputFile(source, kStyleNetworkInput);
    if (!isFastStyleFile(source))
        throw Error(ErrorKind::BadInput, source, "not a fast style network (safetensors in the engstrom-2016 or "
                                                 "pytorch-examples layout)",
                    "Choose a .safetensors file made for Brushwork's instant styles");
    if (!mayOfferToUsers(source))
        throw Error(ErrorKind::BadInput, source,
                    "this network is one of Logan Engstrom's checkpoints, licensed for research use only, so "
                    "Brushwork does not add it to the gallery",
                    "Use a network under a free licence; for research it can still be run without installing it",
                    Remedy::RunNetworkDirectly);
    const std::vector<unsigned char> bytes = readInputFile(source, kStyleNetworkInput);
    std::error_code error;
    fs::create_directories(fastStyleDirectory(), error);
    if (error)
        throw Error(ErrorKind::Io, fastStyleDirectory(),
                    "the style folder could not be created (" + error.message() + ")",
                    "Check the permissions of the model folder");
    const fs::path name = fileName.empty() ? fs::path(source).filename() : fs::path(fileName);
    const std::string target = (fs::path(fastStyleDirectory()) / name).string();
    writeFileAtomically(target, "the style network", bytes.data(), bytes.size());
    forgetModelSource(target);
    return target;
}

} // namespace brushwork
