// SPDX-License-Identifier: GPL-3.0-or-later
// The parts of `brushwork-cli models` that grew beyond a few lines.
#pragma once

#include "arguments.h"

namespace cli {

/// `models list`: the installed networks and fast styles with size and SHA-256.
int listModels();
/// `models verify`: re-hashes and loads every installed file; kBadInput when one is damaged.
int verifyModels();
/// `models download [NAME] [--url URL] [--sha256 HEX]`.
int downloadModel(const Arguments& parsed);

} // namespace cli
