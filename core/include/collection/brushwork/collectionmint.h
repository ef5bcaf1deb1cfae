// SPDX-License-Identifier: GPL-3.0-or-later
// A finished collection turned into the folder marketplaces and minting tools
// expect: one image and one ERC-721 metadata file per token, the collection's
// metadata, checksums over every file and the provenance hash.
#pragma once

#include "brushwork/collectionfolder.h"

#include <string>

namespace brushwork {

struct MintDetails {
    std::string name;        ///< the collection's name; tokens are "<name> #<number>"
    std::string description;
    std::string baseUri;     ///< where images/ will be published, e.g. ipfs://CID/; empty: relative paths
};

struct MintResult {
    std::string folder;
    int tokens = 0;
    std::string provenance; ///< SHA-256 of the image hashes (each followed by its animation's) in token order
};

/// Token order is the plan's order: the piece at index i is token i + 1.
/// Writes into `out`: images/<token>.png (the piece's image, byte for byte),
/// for a clip piece images/<token>.<gif|webp|mp4> (its animation, whose
/// poster the image is: metadata's animation_url and animation_sha256),
/// metadata/<token>.json, collection.json, provenance.txt and SHA256SUMS
/// (sha256sum's format, over every other file). Refuses an incomplete
/// collection with Error(BadInput) naming the missing pieces. An earlier
/// minting folder at `out` is replaced whole; one holding a read-only file or
/// folder is refused (Error(Usage) naming it) unless `overwrite`, the rule
/// every command keeps for read-only outputs.
MintResult mintCollection(const CollectionFolder& collection, const std::string& out, const MintDetails& details,
                          bool overwrite = false);

} // namespace brushwork
