// SPDX-License-Identifier: GPL-3.0-or-later
#include "collection/makefolder.h"
#include "brushwork/collectionfolder.h"

#include "brushwork/atomicfile.h"
#include "support/inputfile.h"
#include "brushwork/error.h"
#include "brushwork/outputpath.h"
#include "brushwork/sha256.h"
#include "brushwork/version.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace brushwork {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* kRecordFormat = "brushwork-collection-piece";

/// One of the folder's own files (a record, a failure note, the manifest),
/// or nothing when there is none. Read by the rules pictures are read by: a
/// FIFO, a device or a huge file planted under its name is refused
/// (Error(BadInput)) before it could block or fill the memory.
std::optional<std::string> readFolderFile(const std::string& path, const InputKind& kind)
{
    struct stat status {};
    if (::lstat(path.c_str(), &status) != 0 && errno == ENOENT)
        return std::nullopt;
    if (S_ISREG(status.st_mode) && status.st_size == 0)
        return std::string(); // cut short: judged as damaged by its reader
    const std::vector<unsigned char> bytes = readInputFile(path, kind);
    return std::string(bytes.begin(), bytes.end());
}

/// images/ and state/ are where every piece is written: a link there would
/// send all of it outside the folder.
void requireRealFolder(const fs::path& folder)
{
    std::error_code error;
    if (fs::is_symlink(fs::symlink_status(folder, error)))
        throw Error(ErrorKind::BadInput, folder.string(),
                    "this is a link; a collection's folders must be its own, or its pieces would be written "
                    "wherever the link points",
                    "Remove the link (the collection makes a real folder), or render into another folder");
    makeFolder(folder);
}

/// Puts `text` under `path` only if nothing is there yet: link() fails
/// rather than replace, so of several processes exactly one writes it.
/// Returns false when a file was already there.
bool publishOnce(const std::string& path, const std::string& text)
{
    const std::string temporary = path + ".part-" + hostName() + "-" + std::to_string(::getpid());
    writeFileAtomically(temporary, "the manifest", text.data(), text.size());
    const int linked = ::link(temporary.c_str(), path.c_str());
    const int linkErrno = errno;
    ::unlink(temporary.c_str());
    if (linked == 0)
        return true;
    if (linkErrno == EEXIST)
        return false;
    throw Error(ErrorKind::Io, path, std::string("the manifest could not be written (") + std::strerror(linkErrno) + ")",
                "Check that the folder is writable");
}

} // namespace

std::string hostName()
{
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0)
        return "unknown";
    return name;
}

PieceLock::PieceLock(int fd)
    : mFd(fd)
{
}

PieceLock::PieceLock(PieceLock&& other) noexcept
    : mFd(other.mFd)
{
    other.mFd = -1;
}

PieceLock::~PieceLock()
{
    if (mFd >= 0)
        ::close(mFd); // closing the only descriptor releases the flock
}

CollectionFolder::CollectionFolder(std::string folder)
    : mFolder(std::move(folder))
{
    requireRealFolder(fs::path(mFolder) / "images");
    requireRealFolder(fs::path(mFolder) / "state");
}

std::string CollectionFolder::manifestPath() const
{
    return (fs::path(mFolder) / "manifest.json").string();
}

std::string CollectionFolder::imagePath(const std::string& id) const
{
    return (fs::path(mFolder) / "images" / (id + ".png")).string();
}

std::string CollectionFolder::recordPath(const std::string& id) const
{
    return (fs::path(mFolder) / "images" / (id + ".json")).string();
}

std::string CollectionFolder::animationPath(const std::string& id, const std::string& extension) const
{
    return (fs::path(mFolder) / "images" / (id + extension)).string();
}

std::string CollectionFolder::recipePath(const std::string& id) const
{
    return (fs::path(mFolder) / "images" / (id + ".brushwork")).string();
}

std::string CollectionFolder::autosavePath(const std::string& id) const
{
    return statePath(id, ".autosave.brushwork");
}

std::string CollectionFolder::logFolder() const
{
    const fs::path logs = fs::path(mFolder) / "logs";
    requireRealFolder(logs);
    return logs.string();
}

std::string CollectionFolder::statePath(const std::string& id, const std::string& suffix) const
{
    return (fs::path(mFolder) / "state" / (id + suffix)).string();
}

void CollectionFolder::checkOutputs(const std::vector<CollectionPiece>& pieces,
                                    const std::vector<std::string>& otherInputs, bool overwrite) const
{
    InputFiles inputs(otherInputs);
    for (const CollectionPiece& piece : pieces)
        for (const std::string& input : pieceInputs(piece))
            inputs.add(input);
    for (const CollectionPiece& piece : pieces) {
        // A finished piece is skipped, never written again: its files may be
        // read-only (kept safe by the artist), but must still not be inputs.
        const bool replaceable = overwrite || isDone(piece.id);
        checkOutputPath(imagePath(piece.id), {"the piece's picture", {}, false, replaceable}, inputs);
        checkOutputPath(recordPath(piece.id), {"the piece's record", {}, false, replaceable}, inputs);
        checkOutputPath(recipePath(piece.id), {"the piece's recipe", {}, false, replaceable}, inputs);
        checkOutputPath(statePath(piece.id, ".failed"), {"the piece's failure note", {}, false, replaceable}, inputs);
    }
}

void CollectionFolder::adoptManifest(const std::string& name, const std::vector<CollectionPiece>& pieces)
{
    const std::string text = planToJson(planOfPieces(name, pieces));
    // A manifest the plan reader would refuse would lock status, retry and mint out for ever.
    if (text.size() > kPlanInput.maxBytes)
        throw Error(ErrorKind::BadInput, mFolder,
                    "the collection's manifest would be " + std::to_string(text.size() >> 20) +
                        " MB, more than the " + std::to_string(kPlanInput.maxBytes >> 20) + " MB a plan may have",
                    "Split the plan into smaller collections");
    if (publishOnce(manifestPath(), text) || readFolderFile(manifestPath(), kPlanInput) == text)
        return;
    throw Error(ErrorKind::BadInput, mFolder,
                "the folder holds another collection (its manifest.json lists other pieces or settings)",
                "Render this plan into a new folder, or remove that folder's manifest.json if the old pieces "
                "should go");
}

std::vector<CollectionPiece> CollectionFolder::pieces() const
{
    struct stat status {};
    if (::lstat(manifestPath().c_str(), &status) != 0)
        throw Error(ErrorKind::BadInput, mFolder, "the folder holds no collection (there is no manifest.json)",
                    "Give the folder that 'brushwork-cli batch run PLAN -o DIR' rendered into");
    return expandPlan(loadPlan(manifestPath()), manifestPath());
}

std::string CollectionFolder::collectionName() const
{
    return loadPlan(manifestPath()).name;
}

std::optional<PieceRecord> CollectionFolder::finishedRecord(const std::string& id) const
{
    const std::optional<std::string> text = readFolderFile(recordPath(id), kRecordInput);
    if (!text)
        return std::nullopt;
    const json root = json::parse(*text, nullptr, false);
    if (!root.is_object() || root.value("format", "") != kRecordFormat || root.value("id", "") != id)
        return std::nullopt;
    PieceRecord record;
    try {
        record.id = id;
        record.imageSha256 = root.at("image_sha256").get<std::string>();
        record.width = root.at("width").get<int>();
        record.height = root.at("height").get<int>();
        record.method = root.at("method").get<std::string>();
        record.network = root.value("network", "");
        record.weightsSha256 = root.value("weights_sha256", "");
        record.seconds = root.value("seconds", 0.0);
        record.host = root.value("host", "");
        record.animation = {root.value("animation", ""), root.value("animation_sha256", ""), root.value("frames", 0),
                            root.value("fps", 0.0)};
    } catch (const json::exception&) {
        return std::nullopt;
    }
    // A record names its animation, never a path: "<id>.<extension>".
    const std::string& animation = record.animation.file;
    if (!animation.empty() &&
        (animation.rfind(id + ".", 0) != 0 || animation.find('/') != std::string::npos || animation == id + ".png"))
        return std::nullopt;
    const auto intact = [](const std::string& path, const std::string& sha256) {
        std::error_code error;
        try {
            return fs::is_regular_file(path, error) && sha256File(path) == sha256;
        } catch (const Error&) {
            return false;
        }
    };
    if (!intact(imagePath(id), record.imageSha256))
        return std::nullopt;
    if (!animation.empty() && !intact((fs::path(mFolder) / "images" / animation).string(), record.animation.sha256))
        return std::nullopt;
    return record;
}

std::optional<PieceLock> CollectionFolder::tryLock(const std::string& id)
{
    const std::string path = statePath(id, ".lock");
    // O_NOFOLLOW: a link planted in state/ is not written through;
    // O_NONBLOCK: nor does a FIFO planted there block the run.
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0644);
    if (fd < 0 && errno == ELOOP)
        throw Error(ErrorKind::BadInput, path, "the piece's lock file is a link", "Remove it; the run makes its own");
    if (fd < 0)
        throw Error(ErrorKind::Io, path, std::string("the piece's lock file could not be opened (") +
                                             std::strerror(errno) + ")",
                    "Check that the collection folder is writable");
    struct stat status {};
    if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
        ::close(fd);
        throw Error(ErrorKind::BadInput, path, "the piece's lock file is not an ordinary file",
                    "Remove it; the run makes its own");
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int lockErrno = errno;
        ::close(fd);
        if (lockErrno == EWOULDBLOCK)
            return std::nullopt;
        throw Error(ErrorKind::Io, path, std::string("the piece could not be locked (") + std::strerror(lockErrno) + ")",
                    "The collection folder must be on a file system with working file locks (flock)");
    }
    // Who holds it, for people looking into state/. The lock is what counts,
    // so a note that cannot be written is no error.
    const std::string holder = hostName() + " " + std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) == 0)
        (void)!::write(fd, holder.data(), holder.size());
    return PieceLock(fd);
}

bool CollectionFolder::isLocked(const std::string& id) const
{
    const std::string path = statePath(id, ".lock");
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0)
        return false;
    const bool locked = ::flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    ::close(fd);
    return locked;
}

void CollectionFolder::finish(const PieceRecord& record)
{
    json root = {
        {"format", kRecordFormat},
        {"version", 1},
        {"id", record.id},
        {"image", record.id + ".png"},
        {"image_sha256", record.imageSha256},
        {"width", record.width},
        {"height", record.height},
        {"method", record.method},
        {"network", record.network},
        {"weights_sha256", record.weightsSha256},
        {"seconds", record.seconds},
        {"host", record.host},
        {"engine", BRUSHWORK_VERSION},
    };
    if (!record.animation.file.empty()) {
        root["animation"] = record.animation.file;
        root["animation_sha256"] = record.animation.sha256;
        root["frames"] = record.animation.frames;
        root["fps"] = record.animation.fps;
    }
    const std::string text = root.dump(2) + "\n";
    writeFileAtomically(recordPath(record.id), "the piece's record", text.data(), text.size());
    std::error_code ignored;
    fs::remove(autosavePath(record.id), ignored);
    fs::remove(statePath(record.id, ".autosave.result.png"), ignored);
    fs::remove(statePath(record.id, ".failed"), ignored);
}

void CollectionFolder::markFailed(const std::string& id, const std::string& reason)
{
    // The reason may quote a file name that is not UTF-8: replaced, not thrown over.
    const std::string text =
        json({{"id", id}, {"reason", reason}, {"host", hostName()}}).dump(2, ' ', false, json::error_handler_t::replace) +
        "\n";
    writeFileAtomically(statePath(id, ".failed"), "the failure note", text.data(), text.size());
}

std::optional<std::string> CollectionFolder::failure(const std::string& id) const
{
    const std::optional<std::string> text = readFolderFile(statePath(id, ".failed"), kRecordInput);
    if (!text)
        return std::nullopt;
    const json root = json::parse(*text, nullptr, false);
    if (root.is_object() && root.contains("reason") && root["reason"].is_string())
        return root["reason"].get<std::string>();
    return std::string("unknown (the failure note is damaged)");
}

CollectionStatus CollectionFolder::status() const
{
    CollectionStatus status;
    for (const CollectionPiece& piece : pieces()) {
        if (isDone(piece.id)) {
            status.done.push_back(piece.id);
        } else if (isLocked(piece.id)) {
            status.running.push_back(piece.id);
        } else if (const auto reason = failure(piece.id)) {
            status.failed.push_back(piece.id);
            status.failures[piece.id] = *reason;
        } else {
            status.left.push_back(piece.id);
        }
    }
    return status;
}

std::vector<std::string> CollectionFolder::retryFailed()
{
    std::vector<std::string> retried;
    for (const CollectionPiece& piece : pieces()) {
        std::error_code error;
        if (fs::remove(statePath(piece.id, ".failed"), error))
            retried.push_back(piece.id);
    }
    return retried;
}

} // namespace brushwork
