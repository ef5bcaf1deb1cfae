// SPDX-License-Identifier: GPL-3.0-or-later
#include "testsupport.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <memory>

namespace testsupport {

QString sharedDir()
{
    const QString dir = QDir::cleanPath(QStringLiteral(BRUSHWORK_SOURCE_DIR "/../shared"));
    return QFileInfo(dir).isDir() ? dir : QString();
}

QString scratchDir()
{
    static QTemporaryDir dir;
    return dir.path();
}

QString emptyModelDir()
{
    const QString dir = scratchDir() + "/models";
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    qputenv("BRUSHWORK_MODEL_DIR", dir.toUtf8());
    return dir;
}

cv::Mat makeContentImage(int width, int height)
{
    cv::Mat image(height, width, CV_32FC3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            image.at<cv::Vec3f>(y, x) = cv::Vec3f(0.2f + 0.6f * x / width, 0.3f + 0.4f * y / height, 0.5f);
    cv::circle(image, {width / 3, height / 2}, std::max(2, height / 5), cv::Scalar(0.9, 0.8, 0.2), cv::FILLED);
    cv::circle(image, {2 * width / 3, height / 3}, std::max(2, height / 8), cv::Scalar(0.1, 0.2, 0.6), cv::FILLED);
    return image;
}

cv::Mat makeUnmatchedEdgesImage(int width, int height)
{
    cv::Mat image = makeContentImage(width, height);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            image.at<cv::Vec3f>(y, x) = 0.5f * image.at<cv::Vec3f>(y, x) +
                                        cv::Vec3f::all(0.25f * (float(x) / float(width) + float(y) / float(height)));
    return image;
}

cv::Mat makeStyleImage(int width, int height)
{
    cv::Mat image(height, width, CV_32FC3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const float stripe = ((x + y) / 4) % 2 ? 1.0f : 0.0f;
            const float swirl = 0.5f + 0.5f * std::sin(0.7f * x) * std::cos(0.5f * y);
            image.at<cv::Vec3f>(y, x) = cv::Vec3f(0.1f + 0.8f * stripe, 0.2f + 0.6f * swirl, 0.9f - 0.7f * stripe);
        }
    return image;
}

void addPrecisionRows()
{
    QTest::addColumn<int>("precision");
    QTest::newRow("fp32") << int(brushwork::Precision::Float32);
    QTest::newRow("bf16") << int(brushwork::Precision::BFloat16);
}

double meanAbsDifference(const cv::Mat& a, const cv::Mat& b)
{
    cv::Mat diff;
    cv::absdiff(a, b, diff);
    const cv::Scalar mean = cv::mean(diff);
    return (mean[0] + mean[1] + mean[2]) / 3.0;
}

} // namespace testsupport
