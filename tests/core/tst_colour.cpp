// SPDX-License-Identifier: GPL-3.0-or-later
// Keeping a photo's colours: statistics matching and chroma transfer.
#include "brushwork/colour.h"
#include "testsupport.h"

#include <QtTest>
#include <opencv2/imgproc.hpp>

namespace {

cv::Mat covarianceOf(const cv::Mat& rgb, cv::Mat& mean)
{
    cv::Mat covariance;
    cv::calcCovarMatrix(rgb.reshape(1, int(rgb.total())), covariance, mean,
                        cv::COVAR_NORMAL | cv::COVAR_ROWS | cv::COVAR_SCALE, CV_64F);
    return covariance;
}

} // namespace

class TestColour : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void statisticsMatchTheContent();
    void chromaComesFromContentLuminanceFromStylized();
    void chromaTransferResizesTheContent();
};

void TestColour::statisticsMatchTheContent()
{
    // A muted photo and a loud painting: after matching, the painting has the
    // photo's mean and covariance (within what clamping to 0..1 allows).
    const cv::Mat content = testsupport::makeContentImage(64, 48);
    // Noise keeps every colour direction of the painting alive: a painting
    // whose channels move in lockstep has no variance to stretch.
    cv::Mat noise(50, 50, CV_32FC3);
    cv::randu(noise, cv::Scalar::all(-0.1), cv::Scalar::all(0.1));
    const cv::Mat style = testsupport::makeStyleImage(50, 50) * 0.8 + cv::Scalar::all(0.1) + noise;
    const cv::Mat matched = brushwork::matchColourStatistics(style, content);
    QCOMPARE(matched.size(), style.size());
    cv::Mat contentMean, matchedMean;
    const cv::Mat contentCovariance = covarianceOf(content, contentMean);
    const cv::Mat matchedCovariance = covarianceOf(matched, matchedMean);
    QVERIFY2(cv::norm(contentMean, matchedMean, cv::NORM_INF) < 0.02, "means differ");
    QVERIFY2(cv::norm(contentCovariance, matchedCovariance, cv::NORM_INF) < 0.01, "covariances differ");
    cv::Mat styleMean;
    QVERIFY(cv::norm(covarianceOf(style, styleMean), contentCovariance, cv::NORM_INF) > 0.02);
}

void TestColour::chromaComesFromContentLuminanceFromStylized()
{
    // Muted colours, so that no mix of one's luminance and the other's
    // chroma falls outside 0..1 and gets clipped.
    const cv::Mat content = testsupport::makeContentImage(32, 32) * 0.4 + cv::Scalar::all(0.3);
    const cv::Mat stylized = testsupport::makeStyleImage(32, 32) * 0.4 + cv::Scalar::all(0.3);
    const cv::Mat kept = brushwork::keepContentChroma(stylized, content);
    cv::Mat keptYcc, contentYcc, stylizedYcc;
    cv::cvtColor(kept, keptYcc, cv::COLOR_RGB2YCrCb);
    cv::cvtColor(content, contentYcc, cv::COLOR_RGB2YCrCb);
    cv::cvtColor(stylized, stylizedYcc, cv::COLOR_RGB2YCrCb);
    std::vector<cv::Mat> k, c, s;
    cv::split(keptYcc, k);
    cv::split(contentYcc, c);
    cv::split(stylizedYcc, s);
    QVERIFY(cv::norm(k[0], s[0], cv::NORM_INF) < 1.0 / 255);
    QVERIFY(cv::norm(k[1], c[1], cv::NORM_INF) < 1.0 / 255);
    QVERIFY(cv::norm(k[2], c[2], cv::NORM_INF) < 1.0 / 255);
}

void TestColour::chromaTransferResizesTheContent()
{
    const cv::Mat kept = brushwork::keepContentChroma(testsupport::makeStyleImage(20, 10),
                                                      testsupport::makeContentImage(80, 40));
    QCOMPARE(kept.cols, 20);
    QCOMPARE(kept.rows, 10);
}

QTEST_APPLESS_MAIN(TestColour)
#include "tst_colour.moc"
