// SPDX-License-Identifier: GPL-3.0-or-later
// The frames a video declares (issue 25) are its video stream's own, never
// the container's length, which spans the sound too: a clip whose sound runs
// on past its last frame is whole, one cut short of the frames its stream
// declares is refused, and a header declaring absurdly many is refused at once.
#include "panclip.h"
#include "soundclip.h"
#include "testsupport.h"

#include "brushwork/error.h"
#include "brushwork/framesource.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

using namespace brushwork;

namespace {

constexpr int kFrames = 8;
constexpr double kFps = 10;

std::string scratch(const QString& name)
{
    return (testsupport::scratchDir() + "/" + name).toStdString();
}

std::vector<cv::Mat> pan()
{
    return testsupport::panFrames(kFrames, {64, 48}, 2);
}

QByteArray contents(const std::string& path)
{
    QFile file(QString::fromStdString(path));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void write(const std::string& path, const QByteArray& bytes)
{
    QFile file(QString::fromStdString(path));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

/// The message openFrameSource(path) and reading all its frames end in; empty when none.
QString failureOf(const std::string& path)
{
    try {
        auto source = openFrameSource(path);
        for (cv::Mat frame; source->next(frame);) {
        }
    } catch (const Error& error) {
        return error.kind() == ErrorKind::BadInput ? QString::fromStdString(error.what()) : "not BadInput";
    }
    return {};
}

} // namespace

class TestClipFrameCount : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void soundRunningOnIsNoTruncation_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<double>("tolerance");
        QTest::addColumn<double>("soundStart");
        QTest::newRow("mkv, PCM sound") << "long-sound.mkv" << 0.05 << 0.0;
        QTest::newRow("webm, Opus sound") << "long-sound.webm" << 0.06 << 0.0;
        QTest::newRow("mkv, sound hours after the frames") << "late-sound.mkv" << 0.05 << 40000.0;
    }

    void soundRunningOnIsNoTruncation()
    {
        // The sound runs half as long again as the frames, as in many screen
        // recordings: Matroska states no frame count, and the container's
        // length is the sound's.
        QFETCH(QString, name);
        QFETCH(double, tolerance);
        QFETCH(double, soundStart);
        const std::string path = scratch(name);
        const std::vector<cv::Mat> frames = pan();
        testsupport::writeClipWithSound(path, frames, kFps, 1.5 * kFrames / kFps, soundStart);
        auto source = openFrameSource(path);
        QCOMPARE(source->info().frameCount, kFrames);
        int count = 0;
        for (cv::Mat frame; source->next(frame); ++count) {
            const double difference = testsupport::meanAbsDifference(frame, frames.at(std::size_t(count)));
            QVERIFY2(difference < tolerance, qPrintable(QString("frame %1 differs by %2").arg(count).arg(difference)));
        }
        QCOMPARE(count, kFrames);
    }

    void truncatedVideoIsRefused_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("mkv with sound") << "whole.mkv";
        QTest::newRow("avi with sound") << "whole.avi";
    }

    void truncatedVideoIsRefused()
    {
        // Cut after about half its frames: still a video FFmpeg opens, whose
        // stream declares frames it no longer holds.
        QFETCH(QString, name);
        const std::string whole = scratch(name);
        testsupport::writeClipWithSound(whole, pan(), kFps, kFrames / kFps);
        const std::string cut = scratch("cut-" + name);
        const QByteArray bytes = contents(whole);
        write(cut, bytes.left(bytes.size() / 2));
        const QString message = failureOf(cut);
        QVERIFY2(message.contains(QString::fromStdString(cut)) && message.contains("truncated"), qPrintable(message));
        QVERIFY2(message.contains(QString(" of the %1 frames").arg(kFrames)), qPrintable(message));
    }

    void billionFramesAreRefusedQuickly()
    {
        // An AVI whose video stream header (strh) states a billion frames.
        const std::string whole = scratch("billion.avi");
        testsupport::writeClipWithSound(whole, pan(), kFps, kFrames / kFps);
        QByteArray bytes = contents(whole);
        const int header = bytes.indexOf("vids"); // where the video's strh starts, dwLength 32 bytes on
        QVERIFY(header > 0);
        const quint32 billion = 1000000000;
        for (int i = 0; i < 4; ++i)
            bytes[header + 32 + i] = char((billion >> (8 * i)) & 0xff);
        const std::string hostile = scratch("hostile-billion.avi");
        write(hostile, bytes);
        QElapsedTimer timer;
        timer.start();
        const QString message = failureOf(hostile);
        QVERIFY2(message.contains(QString::fromStdString(hostile)) && message.contains("declares 1000000000 frames"),
                 qPrintable(message));
        QVERIFY(timer.elapsed() < 5000);
    }
};

QTEST_GUILESS_MAIN(TestClipFrameCount)
#include "tst_clipframecount.moc"
