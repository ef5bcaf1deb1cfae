// SPDX-License-Identifier: GPL-3.0-or-later
// The one door every file Brushwork reads goes through: pictures, weights,
// projects, print plans, style networks, model records. A FIFO, a device
// such as /dev/zero, a folder or a file far larger than its kind can be is
// refused before it is opened for reading, so no reader blocks forever or
// grows memory without end. New readers (commands, batch lists, instant
// style networks) call checkInputFile or readInputFile before anything else.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace brushwork {

/// The kinds of input and the most bytes each may have.
struct InputKind {
    const char* what;       ///< "picture", "weights file", ... as the message names it
    std::uint64_t maxBytes; ///< larger files are refused before they are read
};

inline constexpr InputKind kPictureInput{"picture", 2ull << 30};
inline constexpr InputKind kWeightsInput{"weights file", 8ull << 30};
inline constexpr InputKind kProjectInput{"project", 16ull << 20};
inline constexpr InputKind kStyleNetworkInput{"style network", 1ull << 30};
inline constexpr InputKind kRecordInput{"record", 1ull << 20};
/// A collection plan, or the manifest a collection folder keeps (the plan of
/// every piece): room for kMaxCollectionPieces pieces with long paths.
inline constexpr InputKind kPlanInput{"collection plan", 256ull << 20};

/// Checks that `path` is an existing regular file (symbolic links followed)
/// of at most kind.maxBytes and returns its size. Throws Error(BadInput)
/// naming the file and what is wrong (not found, a folder, a FIFO or device,
/// too large, unreadable) without ever opening anything but a regular file.
std::uint64_t checkInputFile(const std::string& path, const InputKind& kind);

/// checkInputFile, then the whole file. The file is opened without blocking
/// and checked again on the open descriptor, so a path swapped for a FIFO
/// between the check and the open is refused too.
std::vector<unsigned char> readInputFile(const std::string& path, const InputKind& kind);

} // namespace brushwork
