// SPDX-License-Identifier: GPL-3.0-or-later
// Installing a file whatever network it holds: `models import`, downloads.
#pragma once

#include "brushwork/params.h"

#include <string>

namespace brushwork {

/// Installs `source`: a fast style network goes to importFastStyle() (as
/// `fastStyleFileName`, default the source's own name), anything else to
/// importWeights(). Fast styles are only considered when `kind` is Auto: a
/// caller naming a feature network gets that network's checks and errors.
/// Returns the installed path; throws Error as the importer does.
std::string importModel(const std::string& source, NetworkKind kind = NetworkKind::Auto,
                        const std::string& fastStyleFileName = {});

} // namespace brushwork
