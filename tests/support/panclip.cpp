// SPDX-License-Identifier: GPL-3.0-or-later
#include "panclip.h"

#include "testsupport.h"

#include "brushwork/image.h"

#include <QDir>
#include <QFileInfo>

#include <cstdio>

namespace testsupport {

std::vector<cv::Mat> panFrames(int count, cv::Size size, int step)
{
    const int width = size.width + (count - 1) * step;
    const QString sample = sharedDir() + "/samples/astronaut.png";
    cv::Mat source;
    if (!sharedDir().isEmpty() && QFileInfo::exists(sample)) {
        const cv::Mat photo = brushwork::loadImage(sample.toStdString());
        // The photo's middle band, scaled so that the pan fits across it.
        const double scale = std::max(double(width) / photo.cols, double(size.height) / photo.rows);
        cv::Mat scaled = brushwork::resizeToLongSide(photo, int(std::ceil(std::max(photo.cols, photo.rows) * scale)) + 1);
        source = scaled(cv::Rect(0, (scaled.rows - size.height) / 2, width, size.height)).clone();
    } else {
        source = makeContentImage(width, size.height);
    }
    std::vector<cv::Mat> frames;
    for (int i = 0; i < count; ++i)
        frames.push_back(source(cv::Rect(i * step, 0, size.width, size.height)).clone());
    return frames;
}

void savePanFolder(const std::vector<cv::Mat>& frames, const std::string& folder)
{
    QDir().mkpath(QString::fromStdString(folder));
    for (std::size_t i = 0; i < frames.size(); ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "/frame_%06zu.png", i + 1);
        brushwork::saveImage(folder + name, frames[i]);
    }
}

} // namespace testsupport
