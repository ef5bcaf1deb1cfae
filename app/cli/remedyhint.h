// SPDX-License-Identifier: GPL-3.0-or-later
// The command line's own words for what the engine says a person can change.
#pragma once

#include "brushwork/error.h"

#include <string>

namespace cli {

/// The option or command that applies `remedy`, as a sentence; empty for none.
std::string remedyHint(brushwork::Remedy remedy);

} // namespace cli
