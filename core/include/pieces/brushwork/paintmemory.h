// SPDX-License-Identifier: GPL-3.0-or-later
// The memory the one-pass painters (`fast`, `instant` and the collection
// pieces painted like them) need, worked out from the pictures' headers
// before anything is decoded, and refused when it is more than the budget.
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <vector>

namespace brushwork {

/// The size a picture of `picture` pixels has at `longSide`.
cv::Size paintedSize(cv::Size picture, int longSide);

/// `fast`: the photo at full size, at the painted size and the network's work there.
void requireFastFits(cv::Size photo, int longSide, std::uint64_t budget);

/// `instant`: every picture at full size (`pictures[0]` the photo), the
/// photo at the painted size with a copy while it is resized, and the
/// networks' work there (above LibTorch's own and the loaded networks).
std::uint64_t instantPaintBytes(const std::vector<cv::Size>& pictures, int longSide);

/// Refuses an instant painting whose instantPaintBytes exceed `budget`.
void requireInstantFits(const std::vector<cv::Size>& pictures, int longSide, std::uint64_t budget);

} // namespace brushwork
