// SPDX-License-Identifier: GPL-3.0-or-later
// The text form of a run's layer choices, as the command line's
// --style-layers and the studio's "Style layers" field write them.
#pragma once

#include "brushwork/params.h"

#include <string>
#include <vector>

namespace brushwork {

/// "relu1_1,relu2_1:0.5": layer names separated by commas, each with an
/// optional weight after a colon (1 when none). Spaces around items are
/// ignored, as are empty items. A weight that is not a finite number, or a
/// colon without a layer name, is refused with Error(Usage) naming the item.
std::vector<LayerWeight> parseStyleLayers(const std::string& text);

/// The text parseStyleLayers reads back into `layers`.
std::string styleLayersText(const std::vector<LayerWeight>& layers);

} // namespace brushwork
