// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/paintmemory.h"

#include "brushwork/faststyle.h"
#include "brushwork/instantstyle.h"
#include "brushwork/memorybudget.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace brushwork {
namespace {

std::string paintingWhat(cv::Size size)
{
    return "painting " + std::to_string(size.width) + "×" + std::to_string(size.height) + " px";
}

std::uint64_t pixels(cv::Size size)
{
    return std::uint64_t(size.width) * std::uint64_t(size.height);
}

} // namespace

cv::Size paintedSize(cv::Size picture, int longSide)
{
    const double scale = double(longSide) / std::max(picture.width, picture.height);
    return {std::max(1, int(std::lround(picture.width * scale))), std::max(1, int(std::lround(picture.height * scale)))};
}

void requireFastFits(cv::Size photo, int longSide, std::uint64_t budget)
{
    const cv::Size painted = paintedSize(photo, longSide);
    requireMemory(paintingWhat(painted),
                             loadedPicturesBytes({photo}) + pixels(painted) * kPictureBytesPerPixel +
                                 FastStyleNetwork::bytesFor(painted.width, painted.height),
                             budget);
}

std::uint64_t instantPaintBytes(const std::vector<cv::Size>& pictures, int longSide)
{
    const cv::Size painted = paintedSize(pictures[0], longSide);
    return loadedPicturesBytes(pictures) + 2 * pixels(painted) * kPictureBytesPerPixel +
           instantStyleBytes(painted.width, painted.height);
}

void requireInstantFits(const std::vector<cv::Size>& pictures, int longSide, std::uint64_t budget)
{
    requireMemory(paintingWhat(paintedSize(pictures[0], longSide)), instantPaintBytes(pictures, longSide), budget);
}

} // namespace brushwork
