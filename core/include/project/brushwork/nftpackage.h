// SPDX-License-Identifier: GPL-3.0-or-later
// "Export for minting": a folder with the picture, ERC-721 metadata, the
// checksums and the recipe that reproduces the picture.
#pragma once

#include "brushwork/project.h"

#include <opencv2/core.hpp>

#include <string>

namespace brushwork {

struct NftDetails {
    std::string name;        ///< the token's name; empty: from the content and style names
    std::string description; ///< empty: a sentence naming the photo, paintings and engine
    std::string imageFile = "image.png"; ///< .png, .jpg, .tif or .webp, inside the folder
};

struct NftPackage {
    std::string folder;
    std::string image;       ///< full paths of what was written
    std::string metadata;
    std::string checksums;
    std::string recipe;
    std::string imageSha256;
};

/// Writes into `folder` (created if missing): the picture, `metadata.json`
/// (ERC-721 metadata: name, description, image, attributes with the styles
/// and their blend, the weights, seed, iterations, size, engine version and
/// the SHA-256 of the network weights), `recipe.brushwork` (the project
/// file, with paths to the pictures) and `SHA256SUMS` in sha256sum's format
/// covering the other three. Each file is written atomically, the checksums
/// last. Throws Error naming the file that could not be written.
NftPackage writeNftPackage(const std::string& folder, const cv::Mat& picture, const Project& recipe,
                           const NftDetails& details = {});

} // namespace brushwork
