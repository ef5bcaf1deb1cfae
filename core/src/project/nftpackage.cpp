// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/nftpackage.h"

#include "project/metadatatraits.h"
#include "project/projectregions.h"

#include "brushwork/atomicfile.h"
#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/sha256.h"
#include "brushwork/version.h"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace brushwork {
namespace {

using nlohmann::json;

std::string styleNames(const Project& recipe)
{
    std::string names;
    for (std::size_t i = 0; i < recipe.styles.size(); ++i)
        names += (i == 0 ? "" : i + 1 == recipe.styles.size() ? " and " : ", ") + recipe.styles[i].name;
    return names;
}

json metadataOf(const Project& recipe, const NftDetails& details, const cv::Mat& picture, const std::string& imageHash)
{
    const StyleParams& p = recipe.params;
    const std::string name =
        details.name.empty() ? recipe.content.name + " after " + styleNames(recipe) : details.name;
    const std::string method = !recipe.instant                   ? "by neural style transfer (Gatys et al.)"
                               : recipe.instant->styleVector.empty() ? "in one pass by a style network (Johnson et al.)"
                                                                     : "in one pass by an arbitrary-style network (Ghiasi et al.)";
    const std::string description = details.description.empty()
                                        ? recipe.content.name + " repainted in the style of " + styleNames(recipe) +
                                              " " + method + " in Brushwork " BRUSHWORK_VERSION "."
                                        : details.description;
    json attributes = json::array();
    for (std::size_t i = 0; i < recipe.styles.size(); ++i) {
        attributes.push_back(trait("Style", recipe.styles[i].name));
        const float blend = i < p.weights.styleBlend.size() ? p.weights.styleBlend[i] : 1.0f;
        attributes.push_back(trait("Blend of " + recipe.styles[i].name, blend, true));
    }
    // Each mask's SHA-256 is the one recipe.brushwork beside it gives.
    std::vector<RegionTrait> regions;
    std::vector<std::string> names;
    for (const ProjectPicture& style : recipe.styles)
        names.push_back(style.name);
    for (const Region& region : p.weights.regions) {
        const std::vector<unsigned char> png = maskPng(region.mask);
        regions.push_back({region.painting, region.strength, sha256Hex(png.data(), png.size())});
    }
    appendRegionTraits(attributes, regions, names);
    attributes.push_back(trait("Method", recipe.instant ? "Instant" : "Optimisation"));
    if (recipe.instant) {
        attributes.push_back(trait("Instant network", recipe.instant->network));
        if (!recipe.instant->styleVector.empty())
            attributes.push_back(trait("Style strength", recipe.instant->strength, true));
    }
    attributes.push_back(trait("Content weight", p.weights.content, true));
    attributes.push_back(trait("Style weight", p.weights.style, true));
    attributes.push_back(trait("Smoothness weight", p.weights.tv, true));
    attributes.push_back(trait("Seed", p.seed ? json(*p.seed) : json("random"), bool(p.seed)));
    attributes.push_back(trait("Iterations", p.iterations, true));
    attributes.push_back(trait("Size", std::to_string(picture.cols) + "x" + std::to_string(picture.rows)));
    attributes.push_back(trait("Network", recipe.network));
    attributes.push_back(trait("Network weights SHA-256", recipe.weightsSha256.empty() ? "unknown" : recipe.weightsSha256));
    attributes.push_back(trait("Engine", std::string("Brushwork ") + BRUSHWORK_VERSION));
    return {{"name", name},
            {"description", description},
            {"image", details.imageFile},
            {"image_sha256", imageHash},
            {"attributes", attributes}};
}

} // namespace

NftPackage writeNftPackage(const std::string& folder, const cv::Mat& picture, const Project& recipe,
                           const NftDetails& details)
{
    if (details.imageFile.empty() || details.imageFile.find('/') != std::string::npos)
        throw Error(ErrorKind::Usage, details.imageFile, "the picture's name must be a plain file name");
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error)
        throw Error(ErrorKind::Io, folder, "the folder could not be created (" + error.message() + ")",
                    "Choose a folder you can write to");
    const std::filesystem::path base(folder);
    NftPackage package;
    package.folder = folder;
    package.image = (base / details.imageFile).string();
    package.metadata = (base / "metadata.json").string();
    package.recipe = (base / "recipe.brushwork").string();
    package.checksums = (base / "SHA256SUMS").string();

    ImageSaveOptions options;
    options.dpi = recipe.dpi;
    options.sixteenBit = false; // marketplaces show 8-bit pictures
    saveImage(package.image, picture, options);
    package.imageSha256 = sha256File(package.image);

    const std::string metadata = metadataOf(recipe, details, picture, package.imageSha256).dump(2) + "\n";
    writeFileAtomically(package.metadata, "the metadata", metadata.data(), metadata.size());

    Project withResult = recipe;
    withResult.result = details.imageFile;
    saveProject(package.recipe, withResult);

    // sha256sum's format: `sha256sum -c SHA256SUMS` checks the folder.
    std::string sums;
    sums += package.imageSha256 + "  " + details.imageFile + "\n";
    sums += sha256File(package.metadata) + "  metadata.json\n";
    sums += sha256File(package.recipe) + "  recipe.brushwork\n";
    writeFileAtomically(package.checksums, "the checksums", sums.data(), sums.size());
    return package;
}

} // namespace brushwork
