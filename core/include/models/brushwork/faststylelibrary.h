// SPDX-License-Identifier: GPL-3.0-or-later
// The user's installed fast style networks: a folder inside the model folder
// that the gallery and `brushwork-cli models list` show.
#pragma once

#include <string>
#include <vector>

namespace brushwork {

struct InstalledFastStyle {
    std::string path;
    std::string styleName;    ///< the header's "style", else the file name
    std::string architecture; ///< "engstrom-2016" or "pytorch-examples"
};

/// modelDirectory()/fast-styles. The folder may not exist yet.
std::string fastStyleDirectory();

/// The fast style networks in fastStyleDirectory() that may be offered to
/// users (see mayOfferToUsers()), sorted by style name. Files that are not
/// fast style networks are skipped.
std::vector<InstalledFastStyle> installedFastStyles();

/// Checks `source` and copies it into fastStyleDirectory() as `fileName`
/// (default: the source's own name), atomically. Throws Error(BadInput) for a
/// file that is not a fast style network or whose licence does not allow
/// Brushwork to offer it (naming the licence), and Error(Io) when it cannot be
/// written. Returns the installed path.
std::string importFastStyle(const std::string& source, const std::string& fileName = {});

} // namespace brushwork
