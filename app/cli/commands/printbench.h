// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "arguments.h"

namespace cli {

/// bench --print: whether a print is its preview (issue 27). Paints the
/// preview (--preview-size, 512), then for each of --sizes (1024,1536,2048;
/// an A3 at 300 DPI is 4961) its print, by the optimisation (starting from
/// that preview, as `render --size` does after painting it) and by the
/// instant network (painted at the preview's size and enlarged, and, for
/// comparison, painted whole at the print's size). Each row, as JSON: the
/// time, and, scaled down to the preview's size, the structural similarity
/// to the preview and the style loss relative to the preview's. --save DIR
/// writes each print shrunk beside its preview, to look at.
int printBench(const Arguments& args);

} // namespace cli
