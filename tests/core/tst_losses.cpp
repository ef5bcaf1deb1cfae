// SPDX-License-Identifier: GPL-3.0-or-later
// The objective's terms against values worked out by hand on tiny tensors.
#include "optimize/losses.h"
#include "optimize/styleobjective.h"

#include <QtTest>

class TestLosses : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void gramIsNormalisedByChannelsTimesPixels();
    void styleTapIsTheRelativeErrorOfTheGram_data();
    void styleTapIsTheRelativeErrorOfTheGram();
    void guidedStyleTapMatchesWeightedGramsAndTheirGradient_data();
    void guidedStyleTapMatchesWeightedGramsAndTheirGradient();
    void guidesAreLaidOutForOneGather();
    void relativeErrorIsZeroAtTargetAndScaleFree();
    void totalVariationOfAStep();
    void totalVariationOfAFlatPictureIsZero();
    void blendWeightsAreNormalised_data();
    void blendWeightsAreNormalised();
};

void TestLosses::gramIsNormalisedByChannelsTimesPixels()
{
    // Two channels over a 1x2 picture: a = [1, 2], b = [3, 4].
    const torch::Tensor f = torch::tensor({1.0f, 2.0f, 3.0f, 4.0f}).view({1, 2, 1, 2});
    const torch::Tensor g = brushwork::gramMatrix(f);
    // a.a = 5, a.b = 11, b.b = 25; C*H*W = 4.
    QCOMPARE(g.size(0), 2);
    QCOMPARE(g[0][0].item<float>(), 5.0f / 4);
    QCOMPARE(g[0][1].item<float>(), 11.0f / 4);
    QCOMPARE(g[1][0].item<float>(), 11.0f / 4);
    QCOMPARE(g[1][1].item<float>(), 25.0f / 4);
}

namespace {

/// A Gram is symmetric, and so is every target a style term aims for.
torch::Tensor symmetric(const torch::Tensor& square)
{
    return (square + square.t()) / 2;
}

void addLayoutRows()
{
    QTest::addColumn<bool>("channelsLast");
    QTest::newRow("channels-last (the CPU's layout)") << true;
    QTest::newRow("contiguous") << false;
}

/// The term's value and the gradient of it plus a loss on what the network
/// computes onward from the same activations, `fused` through styleTap or
/// as the definition says with plain ops.
using Term = std::function<torch::Tensor(const torch::Tensor& activation, torch::Tensor& onward, bool fused)>;

std::pair<double, torch::Tensor> termAndGradient(const Term& term, bool channelsLast)
{
    torch::manual_seed(3);
    const torch::Tensor input = torch::rand({1, 4, 5, 6});
    const torch::Tensor weight = torch::rand({3, 4, 3, 3});
    auto run = [&](bool fused) {
        const torch::Tensor x = input.clone().requires_grad_(true);
        torch::Tensor activation = x * 2.0;
        if (channelsLast)
            activation = activation.contiguous(torch::MemoryFormat::ChannelsLast);
        torch::Tensor onward = activation;
        const torch::Tensor loss = term(activation, onward, fused);
        if (!torch::equal(onward, activation))
            qFatal("the activations did not pass through unchanged");
        (loss + torch::conv2d(onward, weight).pow(2).mean()).backward();
        return std::make_pair(loss.item<double>(), x.grad().clone());
    };
    const auto expected = run(false);
    const auto fused = run(true);
    if (std::abs(fused.first - expected.first) > 1e-5 * std::abs(expected.first))
        qWarning("term %.8f, expected %.8f", fused.first, expected.first);
    return {fused.first / expected.first,
            (fused.second - expected.second).abs().max() / expected.second.abs().max()};
}

} // namespace

void TestLosses::styleTapIsTheRelativeErrorOfTheGram_data()
{
    addLayoutRows();
}

void TestLosses::styleTapIsTheRelativeErrorOfTheGram()
{
    QFETCH(bool, channelsLast);
    torch::manual_seed(4);
    const torch::Tensor target = symmetric(torch::rand({4, 4}));
    const double meanSquare = target.pow(2).mean().item<double>();
    const auto [ratio, gradientError] = termAndGradient(
        [&](const torch::Tensor& activation, torch::Tensor& onward, bool fused) {
            if (!fused)
                return brushwork::relativeError(brushwork::gramMatrix(activation), target) * 0.7;
            const brushwork::StyleTapResult tap = brushwork::styleTap(activation, {{target, meanSquare, 0.7}});
            onward = tap.passThrough;
            return tap.loss;
        },
        channelsLast);
    QVERIFY(std::abs(ratio - 1) < 1e-5);
    QVERIFY2(gradientError.item<double>() < 1e-5, qPrintable(QString::number(gradientError.item<double>())));
}

void TestLosses::guidedStyleTapMatchesWeightedGramsAndTheirGradient_data()
{
    addLayoutRows();
}

void TestLosses::guidedStyleTapMatchesWeightedGramsAndTheirGradient()
{
    QFETCH(bool, channelsLast);
    // Two soft guides over the 30 positions, overlapping in the middle, each
    // zero somewhere, and the first five positions in neither.
    const torch::Tensor ramp = torch::linspace(0, 1, 30);
    torch::Tensor first = (1.5 - 2 * ramp).clamp(0, 1);
    first.narrow(0, 0, 5).zero_();
    const std::vector<torch::Tensor> guides = {first, (2 * ramp - 0.5).clamp(0, 1)};
    std::vector<brushwork::GuideRows> rows;
    for (const torch::Tensor& guide : guides) {
        // The positions of weight 1 first, as RegionGuides gives them.
        const torch::Tensor whole = torch::nonzero(guide == 1).flatten();
        const torch::Tensor positions =
            torch::cat({whole, torch::nonzero((guide > 0).logical_and(guide < 1)).flatten()});
        const torch::Tensor kept = guide.index_select(0, positions);
        rows.push_back({positions, kept, kept.pow(2).sum().item<double>(), whole.numel()});
    }
    const brushwork::GuideLayout layout = brushwork::layOutGuides(rows, 30);
    torch::manual_seed(6);
    const std::vector<torch::Tensor> targets = {symmetric(torch::rand({4, 4})), symmetric(torch::rand({4, 4}))};
    const std::vector<double> weights = {0.3, 1.7};
    const auto [ratio, gradientError] = termAndGradient(
        [&](const torch::Tensor& activation, torch::Tensor& onward, bool fused) {
            if (fused) {
                std::vector<brushwork::GramAim> aims;
                for (std::size_t g = 0; g < 2; ++g)
                    aims.push_back({targets[g], targets[g].pow(2).mean().item<double>(), weights[g]});
                const brushwork::StyleTapResult tap = brushwork::styleTap(activation, aims, &layout);
                onward = tap.passThrough;
                return tap.loss;
            }
            // The definition: the Gram of the features weighted by the guide, over C * sum(guide^2).
            const torch::Tensor flat = activation.reshape({4, 30});
            torch::Tensor loss = torch::zeros({});
            for (std::size_t g = 0; g < 2; ++g) {
                const torch::Tensor weighted = flat * guides[g];
                const torch::Tensor gram = torch::mm(weighted, weighted.t()) / (4.0 * rows[g].squaredMass);
                loss = loss + brushwork::relativeError(gram, targets[g]) * weights[g];
            }
            return loss;
        },
        channelsLast);
    QVERIFY(std::abs(ratio - 1) < 1e-5);
    QVERIFY2(gradientError.item<double>() < 1e-5, qPrintable(QString::number(gradientError.item<double>())));
}

void TestLosses::guidesAreLaidOutForOneGather()
{
    // Positions 0-3: guide A has 1, 2 (1 whole); guide B has 2, 3; position 0 is in neither.
    const auto longs = [](std::vector<std::int64_t> v) { return torch::tensor(v, torch::kLong); };
    const std::vector<brushwork::GuideRows> rows = {
        {longs({1, 2}), torch::tensor({1.0f, 0.5f}), 1.25, 1},
        {longs({3, 2}), torch::tensor({1.0f, 0.5f}), 1.25, 1}};
    const brushwork::GuideLayout layout = brushwork::layOutGuides(rows, 4);
    QVERIFY(torch::equal(layout.order, longs({1, 2, 3, 2})));
    // Position 0 points past the entries (a row of zeros); 2's first entry is A's.
    QVERIFY(torch::equal(layout.firstEntry, longs({4, 0, 1, 2})));
    QVERIFY(torch::equal(layout.repeatEntries, longs({3})));
    QVERIFY(torch::equal(layout.repeatPositions, longs({2})));
    QCOMPARE(layout.guides.size(), std::size_t(2));
    QCOMPARE(layout.guides[1].offset, std::int64_t(2));
    QCOMPARE(layout.guides[1].whole, std::int64_t(1));
}

void TestLosses::relativeErrorIsZeroAtTargetAndScaleFree()
{
    const torch::Tensor target = torch::tensor({1.0f, -2.0f, 3.0f, 0.0f});
    QCOMPARE(brushwork::relativeError(target, target).item<float>(), 0.0f);
    // x - target = [1, 1, 1, 1]: mean square 1; mean square of target = 14/4.
    const torch::Tensor x = target + 1;
    QVERIFY(qAbs(brushwork::relativeError(x, target).item<float>() - 4.0f / 14.0f) < 1e-6f);
    // Scaling both by 10 leaves a relative error unchanged.
    QVERIFY(qAbs(brushwork::relativeError(x * 10, target * 10).item<float>() - 4.0f / 14.0f) < 1e-6f);
}

void TestLosses::totalVariationOfAStep()
{
    // Three identical channels of a 2x2 picture [[0, 1], [0, 1]]:
    // vertical differences are 0, horizontal ones are 1 (squared 1) -> 0 + 1.
    const torch::Tensor plane = torch::tensor({0.0f, 1.0f, 0.0f, 1.0f}).view({1, 1, 2, 2});
    const torch::Tensor image = plane.expand({1, 3, 2, 2}).contiguous();
    QCOMPARE(brushwork::totalVariation(image).item<float>(), 1.0f);
    // Half the contrast gives a quarter of the variation.
    QCOMPARE(brushwork::totalVariation(image * 0.5).item<float>(), 0.25f);
}

void TestLosses::totalVariationOfAFlatPictureIsZero()
{
    QCOMPARE(brushwork::totalVariation(torch::full({1, 3, 5, 7}, 0.3f)).item<float>(), 0.0f);
}

void TestLosses::blendWeightsAreNormalised_data()
{
    QTest::addColumn<std::vector<float>>("given");
    QTest::addColumn<std::vector<float>>("expected");
    QTest::newRow("unset: equal") << std::vector<float>{} << std::vector<float>{0.5f, 0.5f};
    QTest::newRow("sums to one") << std::vector<float>{3, 1} << std::vector<float>{0.75f, 0.25f};
    QTest::newRow("all zero: equal") << std::vector<float>{0, 0} << std::vector<float>{0.5f, 0.5f};
    QTest::newRow("negative counts as zero") << std::vector<float>{-1, 2} << std::vector<float>{0, 1};
    QTest::newRow("wrong count: equal") << std::vector<float>{1, 2, 3} << std::vector<float>{0.5f, 0.5f};
}

void TestLosses::blendWeightsAreNormalised()
{
    QFETCH(std::vector<float>, given);
    QFETCH(std::vector<float>, expected);
    QCOMPARE(brushwork::normalisedBlend(given, 2), expected);
}

QTEST_APPLESS_MAIN(TestLosses)
#include "tst_losses.moc"
