// SPDX-License-Identifier: GPL-3.0-or-later
#include "matimage.h"

#include <QPainter>
#include <cstring>

namespace matimage {

QImage toQImage(const cv::Mat& rgb)
{
    cv::Mat bytes;
    rgb.convertTo(bytes, CV_8UC3, 255.0);
    QImage image(bytes.cols, bytes.rows, QImage::Format_RGB888);
    for (int y = 0; y < bytes.rows; ++y)
        std::memcpy(image.scanLine(y), bytes.ptr(y), std::size_t(bytes.cols) * 3);
    return image;
}

cv::Mat toMat(const QImage& image)
{
    QImage flat(image.size(), QImage::Format_RGB888);
    flat.fill(Qt::white);
    {
        QPainter painter(&flat);
        painter.drawImage(0, 0, image);
    }
    cv::Mat bytes(flat.height(), flat.width(), CV_8UC3);
    for (int y = 0; y < flat.height(); ++y)
        std::memcpy(bytes.ptr(y), flat.constScanLine(y), std::size_t(flat.width()) * 3);
    cv::Mat rgb;
    bytes.convertTo(rgb, CV_32FC3, 1.0 / 255.0);
    return rgb;
}

} // namespace matimage
