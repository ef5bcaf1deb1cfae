// SPDX-License-Identifier: GPL-3.0-or-later
// What many tests need: tiny pictures, seeded random weights, the shared data folder.
#pragma once

#include "brushwork/params.h"

#include <QString>
#include <opencv2/core.hpp>

namespace testsupport {

/// ../shared beside the source tree; empty when it is not there.
QString sharedDir();

/// A smooth synthetic photo-like picture (gradients and a few discs), CV_32FC3 RGB 0..1.
cv::Mat makeContentImage(int width, int height);
/// makeContentImage with its opposite edges far apart: dark at the left and
/// top, light at the right and bottom (a photo that does not tile).
cv::Mat makeUnmatchedEdgesImage(int width, int height);
/// A stripy, high-contrast "painting" with strong texture, CV_32FC3 RGB 0..1.
cv::Mat makeStyleImage(int width, int height);

/// Path of seeded random weights with the real layout of `kind`, written once
/// per test process into a temporary folder that lives until the process ends.
QString randomWeightsPath(brushwork::NetworkKind kind = brushwork::NetworkKind::Vgg19);

/// A folder that is removed when the test process ends.
QString scratchDir();

/// Points BRUSHWORK_MODEL_DIR at a folder inside scratchDir(), emptied on
/// every call, and returns it: each test starts with nothing installed.
QString emptyModelDir();

/// Adds a column "precision" (an int holding a brushwork::Precision) with a
/// row for each precision the engine's numeric tests check, "fp32" and
/// "bf16", on every CPU: where Precision::Auto picks bf16 (AVX-512 BF16
/// CPUs, GPUs) the suite must hold as well as where it picks fp32. Without
/// AVX-512 BF16, bf16 is emulated: slower, but the same arithmetic.
void addPrecisionRows();

/// Mean absolute difference of two images of the same size and type.
double meanAbsDifference(const cv::Mat& a, const cv::Mat& b);

} // namespace testsupport
