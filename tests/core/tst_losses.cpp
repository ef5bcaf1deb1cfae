// SPDX-License-Identifier: GPL-3.0-or-later
// The objective's terms against values worked out by hand on tiny tensors.
#include "optimize/losses.h"
#include "optimize/styleobjective.h"

#include <QtTest>

class TestLosses : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void gramIsNormalisedByChannelsTimesPixels();
    void gramTapPassesThroughAndMatchesAutogradGradient();
    void guidedGramTapMatchesWeightedGramsAndTheirGradient_data();
    void guidedGramTapMatchesWeightedGramsAndTheirGradient();
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

void TestLosses::gramTapPassesThroughAndMatchesAutogradGradient()
{
    torch::manual_seed(3);
    const torch::Tensor input = torch::rand({1, 4, 5, 6});
    const torch::Tensor target = torch::rand({4, 4});
    const torch::Tensor weight = torch::rand({3, 4, 3, 3});
    // The same little objective twice: a loss on the Gram plus one on what
    // the network computes from the same activations.
    auto gradient = [&](bool fused) {
        const torch::Tensor x = input.clone().requires_grad_(true);
        const torch::Tensor activation = x * 2.0;
        torch::Tensor gram, onward = activation;
        if (fused) {
            brushwork::GramTapResult tap = brushwork::gramTap(activation);
            gram = tap.gram;
            onward = tap.passThrough;
        } else {
            gram = brushwork::gramMatrix(activation);
        }
        const bool unchanged = torch::equal(onward, activation);
        ((gram - target).pow(2).sum() + torch::conv2d(onward, weight).pow(2).mean()).backward();
        return std::make_pair(x.grad().clone(), unchanged);
    };
    const auto plain = gradient(false);
    const auto fused = gradient(true);
    QVERIFY(fused.second);
    QVERIFY(torch::allclose(plain.first, fused.first, 1e-5, 1e-6));
}

void TestLosses::guidedGramTapMatchesWeightedGramsAndTheirGradient_data()
{
    QTest::addColumn<bool>("channelsLast");
    QTest::newRow("channels-last (the CPU's layout)") << true;
    QTest::newRow("contiguous") << false;
}

void TestLosses::guidedGramTapMatchesWeightedGramsAndTheirGradient()
{
    QFETCH(bool, channelsLast);
    torch::manual_seed(5);
    const torch::Tensor input = torch::rand({1, 4, 5, 6});
    const torch::Tensor weight = torch::rand({3, 4, 3, 3});
    // Two soft guides over the 30 positions, overlapping in the middle, each
    // zero somewhere (so only some positions are read).
    const torch::Tensor ramp = torch::linspace(0, 1, 30);
    const std::vector<torch::Tensor> guides = {(1.5 - 2 * ramp).clamp(0, 1), (2 * ramp - 0.5).clamp(0, 1)};
    std::vector<brushwork::GuideRows> rows;
    for (const torch::Tensor& guide : guides) {
        // The positions of weight 1 first, as RegionGuides gives them.
        const torch::Tensor whole = torch::nonzero(guide == 1).flatten();
        const torch::Tensor positions =
            torch::cat({whole, torch::nonzero((guide > 0).logical_and(guide < 1)).flatten()});
        const torch::Tensor kept = guide.index_select(0, positions);
        rows.push_back({positions, kept, kept.pow(2).sum().item<double>(), whole.numel()});
    }
    const std::vector<torch::Tensor> targets = {torch::rand({4, 4}), torch::rand({4, 4})};
    auto run = [&](bool fused) {
        const torch::Tensor x = input.clone().requires_grad_(true);
        torch::Tensor activation = x * 2.0;
        if (channelsLast)
            activation = activation.contiguous(torch::MemoryFormat::ChannelsLast);
        std::vector<torch::Tensor> grams;
        torch::Tensor onward = activation;
        if (fused) {
            brushwork::GuidedGramTapResult tap = brushwork::guidedGramTap(activation, rows);
            grams = tap.grams;
            onward = tap.passThrough;
        } else {
            // The definition: the Gram of the features weighted by the guide, over C * sum(guide^2).
            const torch::Tensor flat = activation.reshape({4, 30});
            for (std::size_t g = 0; g < guides.size(); ++g) {
                const torch::Tensor weighted = flat * guides[g];
                grams.push_back(torch::mm(weighted, weighted.t()) / (4.0 * rows[g].squaredMass));
            }
        }
        torch::Tensor loss = torch::conv2d(onward, weight).pow(2).mean();
        for (std::size_t g = 0; g < grams.size(); ++g)
            loss = loss + (grams[g] - targets[g]).pow(2).sum();
        loss.backward();
        return std::make_pair(grams, x.grad().clone());
    };
    const auto plain = run(false);
    const auto fused = run(true);
    QCOMPARE(fused.first.size(), std::size_t(2));
    for (std::size_t g = 0; g < 2; ++g)
        QVERIFY(torch::allclose(plain.first[g], fused.first[g], 1e-5, 1e-6));
    QVERIFY(torch::allclose(plain.second, fused.second, 1e-5, 1e-6));
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
