// SPDX-License-Identifier: GPL-3.0-or-later
// Painting clips (issue 25) on a pan whose motion is known: with the
// temporal term the warping error is at most half that of frames painted
// alone, while each frame's style error stays within 15% of the frame
// painted alone; a stopped run goes on from the next frame.
#include "panclip.h"
#include "testsupport.h"

#include "brushwork/builtinmodels.h"
#include "brushwork/clippainting.h"
#include "brushwork/engine.h"
#include "brushwork/framesource.h"
#include "brushwork/image.h"
#include "brushwork/opticalflow.h"

#include <QDir>
#include <QFileInfo>
#include <QTest>

using namespace brushwork;

namespace {

constexpr int kFrames = 4;
const cv::Size kSize(80, 56);

std::string scratch(const QString& name)
{
    return (testsupport::scratchDir() + "/" + name).toStdString();
}

/// The pan as a folder of frames and a painting beside it, made once.
struct Clip {
    std::vector<cv::Mat> frames = testsupport::panFrames(kFrames, kSize, 3);
    std::string folder = scratch("pan");
    std::string painting = scratch("painting.png");
    Clip()
    {
        testsupport::savePanFolder(frames, folder);
        saveImage(painting, testsupport::makeStyleImage(96, 96));
    }
};

const Clip& clip()
{
    static const Clip made;
    return made;
}

std::vector<cv::Mat> readAll(const std::string& path)
{
    auto source = openFrameSource(path);
    std::vector<cv::Mat> frames;
    for (cv::Mat frame; source->next(frame);)
        frames.push_back(frame.clone());
    return frames;
}

/// The mean warping error of `painted` along the input clip's motion.
double clipWarpingError(const std::vector<cv::Mat>& painted)
{
    double sum = 0;
    for (std::size_t i = 1; i < painted.size(); ++i) {
        const FrameMotion motion = frameMotion(clip().frames[i - 1], clip().frames[i]);
        sum += warpingError(painted[i], warpAlongFlow(painted[i - 1], motion.flow), motion.mask);
    }
    return sum / double(painted.size() - 1);
}

EngineOptions builtinSqueezeNet()
{
    EngineOptions options;
    options.precision = Precision::Float32;
    options.weightsPath = builtinModelPath("squeezenet1_0.safetensors");
    options.device = DeviceKind::Cpu;
    options.threads = 2;
    return options;
}

/// Each frame's style loss against the painting, as the engine measures it.
std::vector<double> styleErrors(const std::vector<cv::Mat>& painted)
{
    StyleEngine engine(builtinSqueezeNet());
    std::vector<double> errors;
    for (std::size_t i = 0; i < painted.size(); ++i) {
        StyleJob job{clip().frames[i], {{loadImage(clip().painting), "painting"}}, {}, std::nullopt};
        job.params.size = kSize.width;
        errors.push_back(engine.evaluateLoss(job, painted[i]).style);
    }
    return errors;
}

ClipOptions optionsFor(ClipMethod method, bool temporal)
{
    ClipOptions options;
    options.method = method;
    options.size = kSize.width;
    options.temporal = temporal;
    options.device = DeviceKind::Cpu;
    options.threads = 2;
    options.engine = builtinSqueezeNet();
    options.params.iterations = 12;
    options.params.seed = 5;
    options.params.stopAtPlateau = false;
    return options;
}

std::vector<cv::Mat> paint(const ClipOptions& options, const QString& name)
{
    RunControl control;
    const std::string out = scratch(name);
    const ClipResult result = paintClip(clip().folder, {clip().painting}, out, options, control);
    if (result.cancelled)
        return {};
    return readAll(out);
}

} // namespace

class TestClipPainting : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void steadierThanFramesAlone_data()
    {
        QTest::addColumn<int>("method");
        QTest::newRow("instant") << int(ClipMethod::Instant);
        QTest::newRow("optimize") << int(ClipMethod::Optimize);
    }

    void steadierThanFramesAlone()
    {
        QFETCH(int, method);
        const QString name = method == int(ClipMethod::Instant) ? "instant" : "optimize";
        const std::vector<cv::Mat> alone = paint(optionsFor(ClipMethod(method), false), name + "-alone");
        const std::vector<cv::Mat> steady = paint(optionsFor(ClipMethod(method), true), name + "-steady");
        QCOMPARE(int(alone.size()), kFrames);
        QCOMPARE(int(steady.size()), kFrames);
        const double aloneError = clipWarpingError(alone);
        const double steadyError = clipWarpingError(steady);
        qInfo("%s warping error: alone %.6f, steady %.6f (%.0f%%)", qPrintable(name), aloneError, steadyError,
              100 * steadyError / aloneError);
        QVERIFY2(steadyError <= 0.5 * aloneError, qPrintable(QString("%1 vs %2").arg(steadyError).arg(aloneError)));
        const std::vector<double> aloneStyle = styleErrors(alone);
        const std::vector<double> steadyStyle = styleErrors(steady);
        for (int i = 0; i < kFrames; ++i) {
            qInfo("frame %d style error: alone %.4f, steady %.4f", i + 1, aloneStyle[i], steadyStyle[i]);
            QVERIFY2(steadyStyle[i] <= 1.15 * aloneStyle[i],
                     qPrintable(QString("frame %1: %2 vs %3").arg(i + 1).arg(steadyStyle[i]).arg(aloneStyle[i])));
        }
    }

    void stoppedRunGoesOnFromTheNextFrame()
    {
        const std::string out = scratch("resumed.webp");
        ClipOptions options = optionsFor(ClipMethod::Instant, true);
        RunControl control;
        ClipCallbacks callbacks;
        callbacks.onFrame = [&](const ClipProgress& progress) {
            if (progress.frame == 2)
                control.requestCancel();
        };
        const ClipResult stopped = paintClip(clip().folder, {clip().painting}, out, options, control, callbacks);
        QVERIFY(stopped.cancelled);
        QCOMPARE(stopped.last.frame, 2);
        QVERIFY(!QFileInfo::exists(QString::fromStdString(out)));
        QCOMPARE(QDir(QString::fromStdString(keptFramesFolder(out))).entryList({"frame_*.png"}).size(), 2);

        RunControl again;
        std::vector<int> painted;
        callbacks.onFrame = [&](const ClipProgress& progress) {
            if (progress.frame > progress.resumedFrames)
                painted.push_back(progress.frame);
        };
        const ClipResult finished = paintClip(clip().folder, {clip().painting}, out, options, again, callbacks);
        QVERIFY(!finished.cancelled);
        QCOMPARE(finished.last.resumedFrames, 2);
        QCOMPARE(painted, (std::vector<int>{3, 4}));
        QCOMPARE(int(readAll(out).size()), kFrames);
        QVERIFY(!QFileInfo::exists(QString::fromStdString(keptFramesFolder(out))));
    }

    void otherSettingsStartAfresh()
    {
        const std::string out = scratch("changed.gif");
        ClipOptions options = optionsFor(ClipMethod::Instant, true);
        RunControl control;
        ClipCallbacks callbacks;
        callbacks.onFrame = [&](const ClipProgress&) { control.requestCancel(); };
        paintClip(clip().folder, {clip().painting}, out, options, control, callbacks);
        options.temporalWeight = 3;
        std::vector<std::string> notices;
        RunControl again;
        callbacks.onFrame = {};
        callbacks.onNotice = [&](const std::string& text) { notices.push_back(text); };
        const ClipResult result = paintClip(clip().folder, {clip().painting}, out, options, again, callbacks);
        QCOMPARE(result.last.resumedFrames, 0);
        QCOMPARE(std::count_if(notices.begin(), notices.end(),
                               [](const std::string& text) { return text.find("other settings") != std::string::npos; }),
                 1L);
    }
};

QTEST_GUILESS_MAIN(TestClipPainting)
#include "tst_clippainting.moc"
