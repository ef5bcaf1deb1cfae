// SPDX-License-Identifier: GPL-3.0-or-later
// The options of `video`, shared with `bench --video`.
#pragma once

#include "arguments.h"

#include "brushwork/clippainting.h"

#include <set>
#include <string>

namespace cli {

/// The options `video` takes a value for.
std::set<std::string> videoOptionNames();

/// The clip's options from the command line, for `paintingCount` paintings.
brushwork::ClipOptions clipOptions(const Arguments& parsed, std::size_t paintingCount);

} // namespace cli
