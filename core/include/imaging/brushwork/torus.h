// SPDX-License-Identifier: GPL-3.0-or-later
// Seamless pictures: a picture seen as a torus, where past each edge lies
// the opposite edge.
#pragma once

#include <opencv2/core.hpp>

namespace brushwork {

/// `rgb` scaled to `size` as a torus, so a seamless picture stays seamless.
/// Cubic when growing (read round the edges), area when shrinking (which
/// reads no pixel past an edge).
cv::Mat resizeWrapped(const cv::Mat& rgb, cv::Size size);

/// `rgb` (CV_32FC3) made to wrap round without a seam: within a band along
/// each edge (kTileableBand of the side) it fades into its own other half,
/// shifted by half a side, so the opposite edges meet; the middle is left
/// as it was. A photo's left and right edges rarely match, and a seamless
/// painting keeps its photo: this is the photo it keeps.
cv::Mat tileable(const cv::Mat& rgb);

/// The share of a side, along each edge, that tileable() fades.
constexpr double kTileableBand = 0.15;

} // namespace brushwork
