// SPDX-License-Identifier: GPL-3.0-or-later
// The folder a collection renders into. Many processes, on one machine or
// many sharing the folder, may work in it at once: each piece has its own
// lock file, every file is written by the one process holding the piece's
// lock (or is the same for all, like the manifest) and appears by an atomic
// rename, so nothing is half-written or clobbered.
//
//   manifest.json           the expanded plan: exactly the pieces, in order
//   images/<id>.png         a finished piece (a clip's: its poster, the first frame)
//   images/<id>.<gif|webp|mp4>  a finished clip piece's animation
//   images/<id>.json        its record: the image's SHA-256, size, weights, time
//   images/<id>.brushwork   its recipe as a project (method "optimize")
//   state/<id>.lock         held (flock) while a process paints the piece
//   state/<id>.failed       why the last attempt failed
//   state/<id>.autosave.*   the piece in progress, for resuming after a kill
#pragma once

#include "brushwork/collection.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace brushwork {

/// A clip piece's animation, in images/ beside its poster (the piece's image).
struct PieceAnimation {
    std::string file;   ///< its name in images/, "<id>.gif"; empty for a still piece
    std::string sha256;
    int frames = 0;
    double fps = 0;
};

/// What a finished piece's record holds besides its image.
struct PieceRecord {
    std::string id;
    std::string imageSha256;
    int width = 0;
    int height = 0;
    std::string method;
    std::string network;       ///< "vgg19", "squeezenet" or empty
    std::string weightsSha256; ///< of the feature network (optimize) or style network (fast)
    double seconds = 0;
    std::string host;
    PieceAnimation animation = {};
};

struct CollectionStatus {
    std::vector<std::string> done;
    std::vector<std::string> running;
    std::vector<std::string> failed;
    std::vector<std::string> left;
    std::map<std::string, std::string> failures; ///< id -> reason
};

/// A piece's lock, held while it is alive. The operating system lets it go
/// when the process dies, however it dies, so a killed run never leaves a
/// piece locked.
class PieceLock {
public:
    explicit PieceLock(int fd);
    PieceLock(PieceLock&& other) noexcept;
    PieceLock& operator=(PieceLock&&) = delete;
    PieceLock(const PieceLock&) = delete;
    ~PieceLock();

private:
    int mFd;
};

class CollectionFolder {
public:
    /// Creates the folder and its images/ and state/ folders when missing.
    /// Throws Error(Io).
    explicit CollectionFolder(std::string folder);

    const std::string& folder() const { return mFolder; }
    std::string manifestPath() const;
    std::string imagePath(const std::string& id) const;
    std::string recordPath(const std::string& id) const;
    /// Where a clip piece's animation goes: images/<id><extension> (".gif", ".mp4").
    std::string animationPath(const std::string& id, const std::string& extension) const;
    std::string recipePath(const std::string& id) const;
    std::string autosavePath(const std::string& id) const;
    /// logs/, for a scheduler's logs; made when missing, refused when it is a link.
    std::string logFolder() const;

    /// Checks every file painting `pieces` will write (image, record, recipe,
    /// failure note) before any work, as checkOutputPath does: none may be
    /// one of the pieces' inputs or `otherInputs` (the plan), nor a
    /// read-only file unless `overwrite` or the piece is finished (a
    /// finished piece is skipped). Throws Error(Usage).
    void checkOutputs(const std::vector<CollectionPiece>& pieces, const std::vector<std::string>& otherInputs,
                      bool overwrite) const;

    /// Writes the manifest for these pieces unless the folder has one; a
    /// folder that holds another collection is refused with Error(BadInput).
    void adoptManifest(const std::string& name, const std::vector<CollectionPiece>& pieces);
    /// The pieces of the manifest. Throws Error(BadInput) when there is none.
    std::vector<CollectionPiece> pieces() const;
    std::string collectionName() const;

    /// The piece's record, when its image and record exist and the image's
    /// SHA-256 is the one recorded (and so the animation's, for a clip).
    std::optional<PieceRecord> finishedRecord(const std::string& id) const;
    bool isDone(const std::string& id) const { return finishedRecord(id).has_value(); }

    /// The piece's lock, or nothing when another process holds it.
    std::optional<PieceLock> tryLock(const std::string& id);
    bool isLocked(const std::string& id) const;

    /// Writes the record (the image is in place already), then removes the
    /// piece's autosave and failure. Call while holding its lock.
    void finish(const PieceRecord& record);
    void markFailed(const std::string& id, const std::string& reason);
    std::optional<std::string> failure(const std::string& id) const;

    CollectionStatus status() const;
    /// Forgets the failures so the next run paints those pieces again;
    /// returns their ids.
    std::vector<std::string> retryFailed();

private:
    std::string statePath(const std::string& id, const std::string& suffix) const;
    std::string mFolder;
};

/// This machine's host name.
std::string hostName();

} // namespace brushwork
