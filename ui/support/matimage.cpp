// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/matimage.h"

#include <QPainter>
#include <opencv2/imgproc.hpp>

#include <cstring>

namespace brushwork::studio::matimage {

QImage toQImage(const cv::Mat& rgb, bool sixteenBit)
{
    if (sixteenBit) {
        cv::Mat words, rgba;
        rgb.convertTo(words, CV_16UC3, 65535.0);
        cv::cvtColor(words, rgba, cv::COLOR_RGB2RGBA); // alpha is the depth's maximum: opaque
        QImage image(rgba.cols, rgba.rows, QImage::Format_RGBX64);
        for (int y = 0; y < rgba.rows; ++y)
            std::memcpy(image.scanLine(y), rgba.ptr(y), std::size_t(rgba.cols) * 8);
        return image;
    }
    cv::Mat bytes;
    rgb.convertTo(bytes, CV_8UC3, 255.0);
    QImage image(bytes.cols, bytes.rows, QImage::Format_RGB888);
    for (int y = 0; y < bytes.rows; ++y)
        std::memcpy(image.scanLine(y), bytes.ptr(y), std::size_t(bytes.cols) * 3);
    return image;
}

cv::Mat toMat(const QImage& image)
{
    const bool deep = image.depth() == 64;
    QImage flat(image.size(), deep ? QImage::Format_RGBX64 : QImage::Format_RGB888);
    flat.fill(Qt::white);
    {
        QPainter painter(&flat);
        painter.drawImage(0, 0, image);
    }
    cv::Mat rgb;
    if (deep) {
        cv::Mat rgba(flat.height(), flat.width(), CV_16UC4);
        for (int y = 0; y < flat.height(); ++y)
            std::memcpy(rgba.ptr(y), flat.constScanLine(y), std::size_t(flat.width()) * 8);
        cv::cvtColor(rgba, rgba, cv::COLOR_RGBA2RGB);
        rgba.convertTo(rgb, CV_32FC3, 1.0 / 65535.0);
        return rgb;
    }
    cv::Mat bytes(flat.height(), flat.width(), CV_8UC3);
    for (int y = 0; y < flat.height(); ++y)
        std::memcpy(bytes.ptr(y), flat.constScanLine(y), std::size_t(flat.width()) * 3);
    bytes.convertTo(rgb, CV_32FC3, 1.0 / 255.0);
    return rgb;
}

} // namespace brushwork::studio::matimage
