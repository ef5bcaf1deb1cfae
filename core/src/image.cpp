// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/image.h"
#include "brushwork/error.h"

namespace brushwork {
cv::Mat loadImage(const std::string& path) { throw Error(ErrorKind::Io, path, "not implemented yet"); }
cv::Mat decodeImage(const std::vector<unsigned char>&, const std::string& name) { throw Error(ErrorKind::Io, name, "not implemented yet"); }
void saveImage(const std::string& path, const cv::Mat&, const ImageSaveOptions&) { throw Error(ErrorKind::Io, path, "not implemented yet"); }
cv::Mat resizeToLongSide(const cv::Mat& rgb, int) { return rgb; }
} // namespace brushwork
