// SPDX-License-Identifier: GPL-3.0-or-later
// A clip's sound carried over (issue 25): a painted or exported video keeps
// the stretch of the input's sound its frames show, copied as it is; GIFs
// and containers that refuse the codec say it was dropped and keep the
// silent video; hostile sound never costs the frames.
#include "panclip.h"
#include "soundclip.h"
#include "testsupport.h"

#include "brushwork/builtinmodels.h"
#include "brushwork/clippainting.h"
#include "brushwork/cliprecode.h"
#include "brushwork/framesource.h"
#include "brushwork/image.h"
#include "brushwork/soundtrack.h"

#include <QFile>
#include <QFileInfo>
#include <QTest>

using namespace brushwork;
using testsupport::kSoundPacket;
using testsupport::kSoundRate;

namespace {

constexpr int kFrames = 6;
constexpr double kFps = 10;
constexpr double kPacketSeconds = double(kSoundPacket) / kSoundRate;

std::string scratch(const QString& name)
{
    return (testsupport::scratchDir() + "/" + name).toStdString();
}

/// A pan with 0.6 s of sound, and a painting; made once.
struct Clip {
    std::vector<cv::Mat> frames = testsupport::panFrames(kFrames, cv::Size(64, 48), 2);
    std::string path = scratch("voiced.mkv");
    std::string painting = scratch("painting.png");
    Clip()
    {
        testsupport::writeClipWithSound(path, frames, kFps, kFrames / kFps);
        saveImage(painting, testsupport::makeStyleImage(64, 64));
    }
};

const Clip& clip()
{
    static const Clip made;
    return made;
}

ClipOptions instant()
{
    ClipOptions options;
    options.size = 64;
    options.device = DeviceKind::Cpu;
    options.threads = 2;
    return options;
}

struct Painted {
    ClipResult result;
    std::vector<std::string> notices;
};

Painted paint(const std::string& input, const std::string& output, const ClipOptions& options = instant())
{
    Painted painted;
    RunControl control;
    ClipCallbacks callbacks;
    callbacks.onNotice = [&](const std::string& text) { painted.notices.push_back(text); };
    painted.result = paintClip(input, {clip().painting}, output, options, control, callbacks);
    return painted;
}

int frameCount(const std::string& path)
{
    auto source = openFrameSource(path);
    int count = 0;
    for (cv::Mat frame; source->next(frame);)
        ++count;
    return count;
}

bool mentions(const std::vector<std::string>& notices, const std::vector<std::string>& words)
{
    for (const std::string& notice : notices) {
        bool all = true;
        for (const std::string& word : words)
            all = all && notice.find(word) != std::string::npos;
        if (all)
            return true;
    }
    return false;
}

QByteArray contents(const std::string& path)
{
    QFile file(QString::fromStdString(path));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

std::string joined(const std::vector<std::string>& notices)
{
    std::string text;
    for (const std::string& notice : notices)
        text += notice + "\n";
    return text;
}

} // namespace

class TestClipSound : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void paintedClipCarriesTheSound()
    {
        const std::string out = scratch("painted.mkv");
        const Painted painted = paint(clip().path, out);
        QCOMPARE(painted.result.sound.codec, std::string("pcm_s16le"));
        QVERIFY2(painted.notices.empty(), joined(painted.notices).c_str());
        const testsupport::SoundTrack sound = testsupport::readSoundTrack(out);
        QVERIFY(sound.present);
        QCOMPARE(sound.codec, std::string("pcm_s16le"));
        QVERIFY2(std::abs(sound.seconds - kFrames / kFps) <= kPacketSeconds, qPrintable(QString::number(sound.seconds)));
        QVERIFY(std::abs(sound.start) < 1e-3);
        QCOMPARE(sound.first.at(0), std::int16_t(0));
        QCOMPARE(frameCount(out), kFrames);
    }

    void framesTrimTheSound()
    {
        const std::string out = scratch("trimmed.mkv");
        ClipOptions options = instant();
        options.firstFrame = 3;
        options.lastFrame = 5;
        const Painted painted = paint(clip().path, out, options);
        QCOMPARE(painted.result.sound.codec, std::string("pcm_s16le"));
        const testsupport::SoundTrack sound = testsupport::readSoundTrack(out);
        QVERIFY(sound.present);
        QVERIFY2(std::abs(sound.seconds - 3 / kFps) <= kPacketSeconds, qPrintable(QString::number(sound.seconds)));
        QVERIFY(std::abs(sound.start) < 1e-3);
        // The ramp's sample at 0.2 s of the input, within a packet.
        const int expected = int(2 / kFps * kSoundRate);
        QVERIFY2(std::abs(sound.first.at(0) - expected) <= kSoundPacket / 2, qPrintable(QString::number(sound.first.at(0))));
        QCOMPARE(frameCount(out), 3);
    }

    void frameRateKeepsTheTimeline()
    {
        const std::string out = scratch("faster.mkv");
        ClipOptions options = instant();
        options.fps = 20;
        paint(clip().path, out, options);
        const testsupport::SoundTrack sound = testsupport::readSoundTrack(out);
        QVERIFY(sound.present);
        QVERIFY2(std::abs(sound.seconds - kFrames / kFps) <= kPacketSeconds, qPrintable(QString::number(sound.seconds)));
        QCOMPARE(frameCount(out), 2 * kFrames);
    }

    void gifSaysTheSoundIsDropped()
    {
        const std::string out = scratch("painted.gif");
        const Painted painted = paint(clip().path, out);
        QVERIFY(painted.result.sound.codec.empty());
        QVERIFY2(mentions(painted.notices, {"sound", clip().path, "dropped", ".gif files hold no sound", ".mkv"}),
                 joined(painted.notices).c_str());
        QCOMPARE(frameCount(out), kFrames);
    }

    void refusedCodecKeepsTheSilentVideo()
    {
        // MP4 takes no PCM: the notice says so and where it fits.
        const std::string out = scratch("refused.mp4");
        const Painted painted = paint(clip().path, out);
        QVERIFY(painted.result.sound.codec.empty());
        QVERIFY2(mentions(painted.notices, {clip().path, out, ".mp4 files cannot hold its pcm_s16le sound",
                                            "write .mkv to keep it"}),
                 joined(painted.notices).c_str());
        QVERIFY(!testsupport::readSoundTrack(out).present);
        QCOMPARE(frameCount(out), kFrames);
    }

    void aacInMp4IsCopiedOrNamed()
    {
        // The common case: a phone's MP4 with AAC. Copied into an MP4 (its
        // packets are 1024 samples, 64 ms here); WebM refuses AAC.
        const std::string in = scratch("voiced.mp4");
        testsupport::writeClipWithSound(in, clip().frames, kFps, kFrames / kFps);
        QCOMPARE(testsupport::readSoundTrack(in).codec, std::string("aac"));
        ClipOptions options = instant();
        options.firstFrame = 2;
        options.lastFrame = 5;
        const std::string out = scratch("aac.mp4");
        const Painted painted = paint(in, out, options);
        QCOMPARE(painted.result.sound.codec, std::string("aac"));
        const testsupport::SoundTrack sound = testsupport::readSoundTrack(out);
        QCOMPARE(sound.codec, std::string("aac"));
        QVERIFY2(std::abs(sound.seconds - 4 / kFps) <= 1024.0 / kSoundRate, qPrintable(QString::number(sound.seconds)));
        QCOMPARE(frameCount(out), 4);

        const std::string webm = scratch("aac.webm");
        const Painted refused = paint(in, webm, options);
        QVERIFY2(mentions(refused.notices, {in, webm, ".webm files cannot hold its aac sound",
                                            "write .mp4 or .mkv to keep it"}),
                 joined(refused.notices).c_str());
        QVERIFY(!testsupport::readSoundTrack(webm).present);
        QCOMPARE(frameCount(webm), 4);
    }

    void soundStartingBeforeTheFramesIsAligned()
    {
        // The sound starts 0.1 s before the first frame: the clip carries
        // its part from the first frame on.
        const std::string in = scratch("early.mkv");
        testsupport::writeClipWithSound(in, clip().frames, kFps, kFrames / kFps, -0.1);
        const std::string out = scratch("early-painted.mkv");
        const Painted painted = paint(in, out);
        QCOMPARE(painted.result.sound.codec, std::string("pcm_s16le"));
        const testsupport::SoundTrack sound = testsupport::readSoundTrack(out);
        QVERIFY(sound.present);
        QVERIFY2(std::abs(sound.first.at(0) - int(0.1 * kSoundRate)) <= kSoundPacket / 2,
                 qPrintable(QString::number(sound.first.at(0))));
        QVERIFY2(std::abs(sound.seconds - (kFrames / kFps - 0.1)) <= kPacketSeconds,
                 qPrintable(QString::number(sound.seconds)));
    }

    void hostileSoundKeepsTheSilentVideo_data()
    {
        QTest::addColumn<double>("seconds");
        QTest::addColumn<double>("start");
        QTest::newRow("no sound packet") << 0.0 << 0.0;
        QTest::newRow("sound hours after the frames") << 0.6 << 40000.0;
        QTest::newRow("sound days before the frames") << 0.6 << -1e6;
    }

    void hostileSoundKeepsTheSilentVideo()
    {
        // carrySound itself, on a silent clip whose bytes must stay as they are.
        QFETCH(double, seconds);
        QFETCH(double, start);
        const std::string in = scratch("hostile.mkv");
        testsupport::writeClipWithSound(in, clip().frames, kFps, seconds, start);
        const std::string silent = scratch("silent.mkv");
        recodeClip(clip().path, silent, {});
        const QByteArray before = contents(silent);
        const SoundOutcome outcome = carrySound(in, silent, {0, kFrames / kFps});
        QVERIFY(outcome.codec.empty());
        QVERIFY2(mentions({outcome.notice}, {in, silent, "dropped", "no sound within the frames written"}),
                 outcome.notice.c_str());
        QCOMPARE(contents(silent), before);
    }

    void exportCarriesTheSound()
    {
        // The studio's Export: painted frames in a folder, the sound from the clip.
        const std::string frames = scratch("exported-frames");
        testsupport::savePanFolder(clip().frames, frames);
        ClipRecodeOptions options;
        options.fps = 5;
        options.sourceFps = kFps;
        options.soundFrom = clip().path;
        const std::string out = scratch("exported.mkv");
        const ClipRecodeResult result = recodeClip(frames, out, options);
        QCOMPARE(result.sound.codec, std::string("pcm_s16le"));
        QVERIFY(result.sound.notice.empty());
        const testsupport::SoundTrack sound = testsupport::readSoundTrack(out);
        QVERIFY(sound.present);
        QVERIFY2(std::abs(sound.seconds - kFrames / kFps) <= kPacketSeconds, qPrintable(QString::number(sound.seconds)));
        QCOMPARE(result.frames, kFrames / 2);

        const ClipRecodeResult gif = recodeClip(frames, scratch("exported.gif"), options);
        QVERIFY(gif.sound.notice.find(".gif files hold no sound") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestClipSound)
#include "tst_clipsound.moc"
