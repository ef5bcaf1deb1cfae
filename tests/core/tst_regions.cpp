// SPDX-License-Identifier: GPL-3.0-or-later
// Regions (Gatys et al. 2017's guided Grams): a painting's style where its
// mask is white, the photo kept where asked, live edits mid-run. Tiny
// pictures, seeded random VGG19 weights.
#include "brushwork/engine.h"
#include "enginerun.h"
#include "networks/featurenetwork.h"
#include "networks/tensorimage.h"
#include "optimize/losses.h"
#include "testsupport.h"

#include <QtTest>
#include <opencv2/imgproc.hpp>

using namespace brushwork;

namespace {

constexpr double kGreyLevel = 1.0 / 255.0;

/// A mask of `size` white on the left half (or the right one), black elsewhere.
cv::Mat halfMask(cv::Size size, bool left)
{
    cv::Mat mask(size, CV_32FC1, cv::Scalar(0));
    mask(cv::Rect(left ? 0 : size.width / 2, 0, size.width / 2, size.height)).setTo(1);
    return mask;
}

/// The stripy painting mirrored and in other colours: a very different style.
cv::Mat otherPainting(const cv::Mat& painting)
{
    cv::Mat flipped;
    cv::flip(painting, flipped, 1);
    cv::Mat swapped;
    cv::cvtColor(flipped, swapped, cv::COLOR_RGB2BGR);
    return swapped;
}

StyleJob twoPaintingJob()
{
    StyleJob job = testsupport::tinyJob(64, 60);
    job.styles.push_back({otherPainting(job.styles[0].image), "mirrored"});
    return job;
}

cv::Mat leftHalf(const cv::Mat& picture)
{
    return picture(cv::Rect(0, 0, picture.cols / 2, picture.rows));
}

cv::Mat rightHalf(const cv::Mat& picture)
{
    return picture(cv::Rect(picture.cols / 2, 0, picture.cols - picture.cols / 2, picture.rows));
}

} // namespace

class TestRegions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void eachHalfTakesItsOwnPaintingsStyle();
    void aKeptRegionStaysThePhoto();
    void aRegionEditMidRunChangesTheTargets();

private:
    /// Relative distance of `picture`'s Grams from `painting`'s, summed over the tiny job's style layers.
    double gramDistance(const cv::Mat& picture, const cv::Mat& painting) const;

    std::optional<StyleEngine> mEngine;
    std::unique_ptr<FeatureNetwork> mNetwork;
};

void TestRegions::initTestCase()
{
    mEngine.emplace(testsupport::randomVggOptions(Precision::Float32));
    mNetwork = loadFeatureNetwork(testsupport::randomWeightsPath().toStdString(), NetworkKind::Vgg19);
}

double TestRegions::gramDistance(const cv::Mat& picture, const cv::Mat& painting) const
{
    torch::NoGradGuard noGrad;
    const StyleJob job = testsupport::tinyJob();
    std::vector<int> layers;
    for (const LayerWeight& layer : job.params.styleLayers)
        layers.push_back(mNetwork->layerIndex(layer.layer));
    const std::vector<torch::Tensor> ours = mNetwork->features(matToTensor(picture.clone()), layers, Pooling::Max);
    const std::vector<torch::Tensor> theirs = mNetwork->features(matToTensor(painting.clone()), layers, Pooling::Max);
    double distance = 0;
    for (std::size_t i = 0; i < layers.size(); ++i)
        distance += relativeError(gramMatrix(ours[i]), gramMatrix(theirs[i])).item<double>();
    return distance;
}

void TestRegions::eachHalfTakesItsOwnPaintingsStyle()
{
    StyleJob job = twoPaintingJob();
    const cv::Size size = job.content.size();
    job.params.weights.regions = {{0, halfMask(size, true), 1.0f}, {1, halfMask(size, false), 1.0f}};
    const cv::Mat painted = testsupport::recordRun(*mEngine, job).result.image;
    QCOMPARE(painted.size(), size);
    const cv::Mat& first = job.styles[0].image;
    const cv::Mat& second = job.styles[1].image;
    const double leftOwn = gramDistance(leftHalf(painted), first);
    const double leftOther = gramDistance(leftHalf(painted), second);
    const double rightOwn = gramDistance(rightHalf(painted), second);
    const double rightOther = gramDistance(rightHalf(painted), first);
    qInfo("left half: %.3f from its painting, %.3f from the other; right half: %.3f and %.3f", leftOwn, leftOther,
          rightOwn, rightOther);
    // Without regions both halves aim for the blend and are as far from
    // either painting (0.91 and 1.08 of the other's distance).
    QVERIFY(leftOwn < 0.8 * leftOther);
    QVERIFY(rightOwn < 0.8 * rightOther);
}

void TestRegions::aKeptRegionStaysThePhoto()
{
    StyleJob job = testsupport::tinyJob(64, 60);
    const cv::Size size = job.content.size();
    job.params.weights.regions = {{Region::kKeepPhoto, halfMask(size, true), 1.0f}};
    const cv::Mat painted = testsupport::recordRun(*mEngine, job).result.image;
    const double kept = testsupport::meanAbsDifference(leftHalf(painted), leftHalf(job.content));
    const double changed = testsupport::meanAbsDifference(rightHalf(painted), rightHalf(job.content));
    qInfo("kept half %.2f grey levels from the photo, painted half %.2f", kept / kGreyLevel, changed / kGreyLevel);
    QVERIFY(kept < 3 * kGreyLevel);
    QVERIFY(changed > 5 * kept);
}

void TestRegions::aRegionEditMidRunChangesTheTargets()
{
    StyleJob job = testsupport::tinyJob(64, 40);
    const cv::Size size = job.content.size();
    // Halfway, the user marks the whole picture as the photo to keep: the
    // run, which paints 40 grey levels away from the photo without the edit
    // (aKeptRegionStaysThePhoto's painted half), goes back to it.
    LossWeights edited = job.params.weights;
    edited.regions = {{Region::kKeepPhoto, cv::Mat(size, CV_32FC1, cv::Scalar(1)), 1.0f}};
    RunControl control;
    double before = 0;
    const auto steered = testsupport::recordRun(*mEngine, job, control, [&](const Progress& progress) {
        if (progress.iteration == 20) {
            before = progress.style;
            control.steer(edited);
        }
    });
    const double kept = testsupport::meanAbsDifference(steered.result.image, job.content);
    qInfo("style loss %.3f before the edit, %.3f after; %.2f grey levels from the photo", before,
          steered.steps.back().style, kept / kGreyLevel);
    QVERIFY(kept < 3 * kGreyLevel);
}

QTEST_GUILESS_MAIN(TestRegions)
#include "tst_regions.moc"
