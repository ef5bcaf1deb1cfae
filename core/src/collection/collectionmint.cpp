// SPDX-License-Identifier: GPL-3.0-or-later
#include "collection/makefolder.h"
#include "project/metadatatraits.h"
#include "brushwork/collectionmint.h"

#include "brushwork/atomicfile.h"
#include "brushwork/error.h"
#include "brushwork/printable.h"
#include "brushwork/sha256.h"
#include "brushwork/version.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <filesystem>
#include <unistd.h>

namespace brushwork {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string setting(const CollectionPiece& piece, const std::string& key, const std::string& fallback)
{
    const auto found = piece.settings.find(key);
    return found == piece.settings.end() ? fallback : found->second;
}

json attributesOf(const CollectionPiece& piece, const PieceRecord& record)
{
    const StyleParams params = styleParamsOf(piece);
    json attributes = json::array();
    attributes.push_back(trait("Photo", fs::path(piece.photo).stem().string()));
    for (std::size_t i = 0; i < piece.paintings.size(); ++i) {
        const std::string name = fs::path(piece.paintings[i]).stem().string();
        attributes.push_back(trait("Painting", name));
        const float blend = i < params.weights.styleBlend.size() ? params.weights.styleBlend[i] : 1.0f;
        attributes.push_back(trait("Blend of " + name, blend, true));
    }
    // Each mask's SHA-256 is its file's, as the collection's manifest names it.
    std::vector<RegionTrait> regions;
    std::vector<std::string> names;
    for (const std::string& painting : piece.paintings)
        names.push_back(fs::path(painting).stem().string());
    for (const PlanRegion& region : piece.regions)
        regions.push_back({region.painting, region.strength, region.sha256});
    appendRegionTraits(attributes, regions, names);
    attributes.push_back(trait("Method", methodName(piece.method)));
    if (piece.method == PaintMethod::Fast) {
        attributes.push_back(trait("Style network", fs::path(piece.model).stem().string()));
        attributes.push_back(trait("Style network SHA-256", record.weightsSha256));
    } else if (piece.method == PaintMethod::Instant) {
        attributes.push_back(trait("Style network", "built-in arbitrary style (Magenta)"));
        attributes.push_back(trait("Style network SHA-256", record.weightsSha256));
        attributes.push_back(trait("Strength", pieceNumber(piece, "strength", 1), true));
    } else {
        attributes.push_back(trait("Network", record.network));
        attributes.push_back(trait("Network weights SHA-256", record.weightsSha256));
        attributes.push_back(trait("Seed", params.seed ? json(*params.seed) : json("random"), bool(params.seed)));
        attributes.push_back(trait("Iterations", params.iterations, true));
        attributes.push_back(trait("Content weight", params.weights.content, true));
        attributes.push_back(trait("Style weight", params.weights.style, true));
        attributes.push_back(trait("Smoothness weight", params.weights.tv, true));
    }
    if (!piece.settingsName.empty())
        attributes.push_back(trait("Settings", piece.settingsName));
    attributes.push_back(trait("Size", std::to_string(record.width) + "x" + std::to_string(record.height)));
    if (!record.animation.file.empty()) {
        attributes.push_back(trait("Frames", record.animation.frames, true));
        attributes.push_back(trait("Frames per second", record.animation.fps, true));
    }
    if (const std::string print = setting(piece, "print", ""); !print.empty())
        attributes.push_back(trait("Print", print));
    attributes.push_back(trait("Engine", std::string("Brushwork ") + BRUSHWORK_VERSION));
    return attributes;
}

void writeJson(const fs::path& path, const json& value)
{
    const std::string text = value.dump(2) + "\n";
    writeFileAtomically(path.string(), "the metadata", text.data(), text.size());
}

/// Copies a finished piece's file (`what`: "the image") into the minting
/// folder, checking that it is still the file its record hashed.
void copyRecorded(const std::string& from, const fs::path& to, const std::string& sha256, const std::string& what)
{
    writeAtomically(to.string(), what, [&](const std::string& temporary) {
        std::error_code error;
        fs::copy_file(from, temporary, fs::copy_options::overwrite_existing, error);
        if (error)
            throw Error(ErrorKind::Io, to.string(), what + " could not be copied (" + error.message() + ")");
    });
    if (sha256File(to.string()) != sha256)
        throw Error(ErrorKind::Io, from, what + " changed while it was copied",
                    "Mint again when no run is writing into the collection");
}

/// Every file of the minting folder, into `base` (a new folder).
MintResult writeMint(const CollectionFolder& collection, const std::vector<CollectionPiece>& pieces,
                     const std::vector<PieceRecord>& records, const fs::path& base, const MintDetails& details)
{
    makeFolder(base / "images");
    makeFolder(base / "metadata");
    const auto uri = [&](const std::string& file) {
        return details.baseUri.empty() ? "images/" + file : details.baseUri + file;
    };

    std::string sums;
    std::string hashes;
    std::string provenanceLines;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        const std::string token = std::to_string(i + 1);
        const PieceRecord& record = records[i];
        copyRecorded(collection.imagePath(pieces[i].id), base / "images" / (token + ".png"), record.imageSha256,
                     "the image");
        json metadata = {
            {"name", details.name + " #" + token},
            {"description", details.description},
            {"image", uri(token + ".png")},
            {"image_sha256", record.imageSha256},
        };
        sums += record.imageSha256 + "  images/" + token + ".png\n";
        hashes += record.imageSha256;
        std::string provenanceLine = token + "  " + record.imageSha256 + "  " + pieces[i].id;
        // A clip: its animation beside the still poster, which is the image
        // wallets and lists show (ERC-721 metadata's animation_url), in
        // images/ too: the base URI is where images/ is published.
        if (!record.animation.file.empty()) {
            const std::string file = token + fs::path(record.animation.file).extension().string();
            copyRecorded((fs::path(collection.folder()) / "images" / record.animation.file).string(),
                         base / "images" / file, record.animation.sha256, "the animation");
            metadata["animation_url"] = uri(file);
            metadata["animation_sha256"] = record.animation.sha256;
            sums += record.animation.sha256 + "  images/" + file + "\n";
            hashes += record.animation.sha256;
            provenanceLine += "  animation " + record.animation.sha256;
        }
        metadata["attributes"] = attributesOf(pieces[i], record);
        writeJson(base / "metadata" / (token + ".json"), metadata);
        sums += sha256File((base / "metadata" / (token + ".json")).string()) + "  metadata/" + token + ".json\n";
        provenanceLines += provenanceLine + "\n";
    }

    MintResult result;
    result.tokens = int(pieces.size());
    result.provenance = sha256Hex(hashes.data(), hashes.size());
    const json collectionJson = {
        {"name", details.name},
        {"description", details.description},
        {"image", uri("1.png")},
        {"tokens", result.tokens},
        {"token_order", "the plan's order; the piece at index i is token i + 1"},
        {"provenance_hash", result.provenance},
        {"provenance_method", "SHA-256 of the tokens' image SHA-256 hashes (lowercase hex), each followed by its "
                              "animation's for an animated token, concatenated in token order"},
        {"engine", std::string("Brushwork ") + BRUSHWORK_VERSION},
    };
    writeJson(base / "collection.json", collectionJson);
    const std::string provenance = "# token  image SHA-256  piece  [animation SHA-256]\n" + provenanceLines +
                                   "# provenance hash: " + result.provenance + "\n";
    writeFileAtomically((base / "provenance.txt").string(), "the provenance", provenance.data(), provenance.size());
    sums += sha256File((base / "collection.json").string()) + "  collection.json\n";
    sums += sha256File((base / "provenance.txt").string()) + "  provenance.txt\n";
    writeFileAtomically((base / "SHA256SUMS").string(), "the checksums", sums.data(), sums.size());
    return result;
}

[[noreturn]] void refuseDetail(const std::string& what, const std::string& text, const std::string& problem)
{
    throw Error(ErrorKind::Usage, {}, what + " \"" + printableText(text) + "\" " + problem);
}

/// The details go into every token's metadata: checked before any work, so
/// a bad one never leaves a half-made folder.
void requireDetails(const MintDetails& details)
{
    if (details.name.empty())
        throw Error(ErrorKind::Usage, {}, "the collection needs a name");
    const std::pair<const char*, const std::string*> texts[] = {
        {"the collection's name", &details.name},
        {"the description", &details.description},
        {"the base URI", &details.baseUri}};
    for (const auto& [what, text] : texts)
        if (!isPrintableText(*text))
            refuseDetail(what, *text, "is not printable text (invalid UTF-8 or control characters)");
    const std::string& uri = details.baseUri;
    const std::size_t scheme = uri.find("://");
    const bool schemeOk = scheme != std::string::npos && scheme > 0 &&
                          std::isalpha(static_cast<unsigned char>(uri[0])) &&
                          uri.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.") ==
                              scheme;
    if (!uri.empty() && (!schemeOk || uri.size() == scheme + 3 || uri.find_first_of(" \"<>\\^`{|}") != std::string::npos))
        refuseDetail("the base URI", uri,
                     "is not an address like ipfs://CID/ or https://example.com/art/ (a scheme, then a place, "
                     "without spaces)");
}

bool readOnly(const fs::path& path, const fs::file_status& status)
{
    return (status.permissions() & fs::perms::owner_write) == fs::perms::none || ::access(path.c_str(), W_OK) != 0;
}

/// A read-only file in an earlier minting folder was made so on purpose
/// (a published token's image, say); replacing the folder would delete it.
void requireWritableMint(const fs::path& out)
{
    std::error_code error;
    if (readOnly(out, fs::symlink_status(out, error)))
        throw Error(ErrorKind::Usage, out.string(), "the earlier minting folder is read-only",
                    "Give --overwrite to replace it, or choose another folder");
    for (fs::recursive_directory_iterator it(out, error), end; !error && it != end; it.increment(error)) {
        const fs::file_status status = it->symlink_status(error);
        if (!error && !fs::is_symlink(status) && readOnly(it->path(), status))
            throw Error(ErrorKind::Usage, it->path().string(),
                        "the file is read-only, in the earlier minting folder that minting replaces",
                        "Give --overwrite to replace it, or choose another folder");
    }
}

/// `out` is replaced whole: it may be new, empty or an earlier minting
/// folder, never a folder holding anything else (the collection itself, or
/// a folder above it, whose pieces would go with it).
void requireMintTarget(const std::string& out, bool overwrite)
{
    std::error_code error;
    const fs::file_status status = fs::symlink_status(out, error);
    if (!fs::exists(status))
        return;
    if (!fs::is_directory(status))
        throw Error(ErrorKind::Usage, out, "this is not a folder; the minting folder is made there",
                    "Give a new folder's name");
    const bool empty = fs::is_empty(out, error);
    if (fs::exists(fs::path(out) / "manifest.json") || (!empty && !fs::exists(fs::path(out) / "collection.json")))
        throw Error(ErrorKind::Usage, out,
                    "the folder holds other files (minting replaces the whole folder, and these are not an earlier "
                    "minting folder)",
                    "Give a new or empty folder, or the folder an earlier mint made");
    if (!overwrite)
        requireWritableMint(out);
}

} // namespace

MintResult mintCollection(const CollectionFolder& collection, const std::string& out, const MintDetails& details,
                          bool overwrite)
{
    requireDetails(details);
    const std::vector<CollectionPiece> pieces = collection.pieces();
    std::vector<PieceRecord> records;
    std::string missing;
    int missingCount = 0;
    for (const CollectionPiece& piece : pieces) {
        if (auto record = collection.finishedRecord(piece.id)) {
            records.push_back(*record);
        } else if (++missingCount <= 20) {
            missing += (missing.empty() ? "" : ", ") + piece.id;
        }
    }
    if (missingCount > 0)
        throw Error(ErrorKind::BadInput, collection.folder(),
                    "the collection is not finished: " + std::to_string(missingCount) + " of " +
                        std::to_string(pieces.size()) + " pieces are missing or damaged (" + missing +
                        (missingCount > 20 ? ", ..." : "") + ")",
                    "Run 'brushwork-cli batch run' again to paint them, then mint");

    // "mint/" names the folder mint: its new copy goes beside it, not into it.
    fs::path folder = fs::path(out).lexically_normal();
    if (folder.filename().empty())
        folder = folder.parent_path();
    const std::string target = folder.string();
    requireMintTarget(target, overwrite);
    // Built beside its place and swapped in whole: a mint killed part way
    // leaves the old folder as it was, never a mix whose SHA256SUMS fail.
    const fs::path base(temporaryNameBeside(target));
    try {
        MintResult result = writeMint(collection, pieces, records, base, details);
        replaceFolder(base.string(), target, "the minting folder");
        result.folder = out;
        return result;
    } catch (...) {
        std::error_code ignored;
        fs::remove_all(base, ignored);
        throw;
    }
}

} // namespace brushwork
