// SPDX-License-Identifier: GPL-3.0-or-later
// Clips in and out (every format reopens with the reader, frame count and
// rate kept, nothing at the target until it is whole), hostile clips, and
// the motion between frames on a pan whose true motion is known.
#include "panclip.h"
#include "testsupport.h"

#include "brushwork/cliprecode.h"
#include "brushwork/error.h"
#include "brushwork/framesink.h"
#include "brushwork/framesource.h"
#include "brushwork/opticalflow.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTest>
#include <opencv2/imgproc.hpp>

#include <fstream>
#include <sys/stat.h>

using namespace brushwork;

namespace {

std::string scratch(const QString& name)
{
    return (testsupport::scratchDir() + "/" + name).toStdString();
}

void writeBytes(const std::string& path, const std::string& bytes)
{
    std::ofstream(path, std::ios::binary) << bytes;
}

/// The ErrorKind openFrameSource(path) and reading all its frames end in; Usage when none.
ErrorKind failureOf(const std::string& path, QString* message = nullptr)
{
    try {
        auto source = openFrameSource(path);
        cv::Mat frame;
        while (source->next(frame)) {
        }
    } catch (const Error& error) {
        if (message)
            *message = QString::fromStdString(error.what());
        return error.kind();
    }
    return ErrorKind::Usage;
}

} // namespace

class TestMotion : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void flowFindsThePan()
    {
        const std::vector<cv::Mat> frames = testsupport::panFrames(2, {64, 48}, 3);
        const FrameMotion motion = frameMotion(frames[0], frames[1]);
        // Inside the frame (the right edge has come in new) the flow is the pan.
        const cv::Rect inside(4, 4, 52, 40);
        const cv::Scalar mean = cv::mean(motion.flow(inside));
        QVERIFY2(std::abs(mean[0] - 3.0) < 0.5 && std::abs(mean[1]) < 0.5,
                 qPrintable(QString("mean flow %1, %2").arg(mean[0]).arg(mean[1])));
        QVERIFY(cv::mean(motion.mask(inside))[0] > 0.8);
        // The pan brings 3 new columns in at the right edge: nothing to warp there.
        QCOMPARE(cv::countNonZero(motion.mask(cv::Rect(61, 0, 3, 48))), 0);
        const cv::Mat warped = warpAlongFlow(frames[0], motion.flow);
        const double moved = warpingError(frames[1], warped, motion.mask);
        const double still = warpingError(frames[1], frames[0], motion.mask);
        QVERIFY2(moved < still / 5, qPrintable(QString("warped %1, unwarped %2").arg(moved).arg(still)));
    }

    void largeFramesAreFollowedAtHalfSize()
    {
        // Over 384 px the flow is found at half size and enlarged: still the
        // pan, in full-size pixels, with the new columns dropped.
        const std::vector<cv::Mat> frames = testsupport::panFrames(2, {480, 320}, 6);
        const FrameMotion motion = frameMotion(frames[0], frames[1]);
        QCOMPARE(motion.flow.size(), frames[0].size());
        QCOMPARE(motion.mask.size(), frames[0].size());
        const cv::Rect inside(16, 16, 440, 288);
        const cv::Scalar mean = cv::mean(motion.flow(inside));
        QVERIFY2(std::abs(mean[0] - 6.0) < 0.5 && std::abs(mean[1]) < 0.5,
                 qPrintable(QString("mean flow %1, %2").arg(mean[0]).arg(mean[1])));
        QVERIFY(cv::mean(motion.mask(inside))[0] > 0.8);
        QCOMPARE(cv::countNonZero(motion.mask(cv::Rect(476, 0, 4, 320))), 0);
        const cv::Mat warped = warpAlongFlow(frames[0], motion.flow);
        const double moved = warpingError(frames[1], warped, motion.mask);
        const double still = warpingError(frames[1], frames[0], motion.mask);
        QVERIFY2(moved < still / 5, qPrintable(QString("warped %1, unwarped %2").arg(moved).arg(still)));
    }

    void maskDropsWhatTheFlowCannotFollow()
    {
        // A square that jumps far in one frame: where it was and where it
        // lands, no flow is consistent both ways.
        cv::Mat first = testsupport::panFrames(1, {64, 48}, 1)[0], second = first.clone();
        cv::rectangle(first, cv::Rect(6, 10, 12, 12), cv::Scalar(1, 0, 0), cv::FILLED);
        cv::rectangle(second, cv::Rect(44, 26, 12, 12), cv::Scalar(0, 1, 0), cv::FILLED);
        const FrameMotion motion = frameMotion(first, second);
        QVERIFY(cv::mean(motion.mask(cv::Rect(44, 26, 12, 12)))[0] < 0.5);
        QVERIFY(cv::mean(motion.mask(cv::Rect(26, 0, 38, 18)))[0] > 0.8);
    }

    void everyFormatReopens_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<double>("tolerance");
        QTest::addColumn<double>("fps"); // a folder of frames names no rate
        QTest::newRow("mp4") << "clip.mp4" << 0.06 << 10.0;
        QTest::newRow("webm") << "clip.webm" << 0.06 << 10.0;
        QTest::newRow("gif") << "clip.gif" << 0.05 << 10.0;
        QTest::newRow("webp") << "clip.webp" << 0.05 << 10.0;
        QTest::newRow("folder") << "frames" << 0.01 << 0.0;
    }

    void everyFormatReopens()
    {
        QFETCH(QString, name);
        QFETCH(double, tolerance);
        QFETCH(double, fps);
        const std::string path = scratch(name);
        const std::vector<cv::Mat> frames = testsupport::panFrames(6, {64, 48}, 2);
        {
            auto sink = openFrameSink(path, {64, 48}, 10.0);
            QVERIFY(!sink->codec().empty());
            for (const cv::Mat& frame : frames)
                sink->write(frame);
            QVERIFY(!QFileInfo::exists(QString::fromStdString(path)));
            sink->finish();
        }
        auto source = openFrameSource(path);
        QCOMPARE(source->info().width, 64);
        QCOMPARE(source->info().height, 48);
        QVERIFY2(std::abs(source->info().fps - fps) < 0.01, qPrintable(QString::number(source->info().fps)));
        int count = 0;
        cv::Mat frame;
        while (source->next(frame)) {
            const double difference = testsupport::meanAbsDifference(frame, frames[std::size_t(count)]);
            QVERIFY2(difference < tolerance, qPrintable(QString("frame %1 differs by %2").arg(count).arg(difference)));
            ++count;
        }
        QCOMPARE(count, 6);
    }

    void unfinishedClipLeavesNothing()
    {
        const QString folder = testsupport::scratchDir() + "/unfinished";
        QDir().mkpath(folder);
        for (const char* name : {"a.mp4", "a.gif", "a.webp", "frames"}) {
            auto sink = openFrameSink((folder + "/" + name).toStdString(), {32, 32}, 25.0);
            sink->write(testsupport::makeContentImage(32, 32));
        }
        QCOMPARE(QDir(folder).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList());
    }

    void hostileClipsAreRefusedQuickly_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("reason");
        QByteArray garbage(4096, '\0');
        for (int i = 0; i < garbage.size(); ++i)
            garbage[i] = char((i * 7919) % 251);
        QTest::newRow("garbage video") << "garbage.mp4" << garbage << "not a video";
        QTest::newRow("empty video") << "empty.mkv" << QByteArray() << "empty";
        // A GIF screen of 65535 × 65535 (a bomb: 4 gigapixels from a few bytes).
        QByteArray bomb("GIF89a\xff\xff\xff\xff\x00\x00\x00", 13);
        bomb += QByteArray("\x2c\x00\x00\x00\x00\xff\xff\xff\xff\x00\x02\x02\x44\x01\x00\x3b", 16);
        QTest::newRow("gif bomb") << "bomb.gif" << bomb << "megapixels";
        // A valid header and no image at all.
        QTest::newRow("gif without frames") << "none.gif" << QByteArray("GIF89a\x02\x00\x02\x00\x00\x00\x00\x3b", 14)
                                            << "no frame";
        // A WebP canvas of 100000 × 100000 (VP8X stores width and height less one, 24 bits each).
        QTest::newRow("absurd webp") << "huge.webp"
                                     << QByteArray("RIFF\x16\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x02\x00\x00\x00"
                                                   "\x9f\x86\x01\x9f\x86\x01",
                                                   30)
                                     << "megapixels";
        QTest::newRow("truncated webp") << "cut.webp" << QByteArray("RIFF\x40\x00\x00\x00WEBPVP8X", 16)
                                        << "truncated or damaged";
    }

    void hostileClipsAreRefusedQuickly()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, reason);
        const std::string path = scratch(name);
        writeBytes(path, bytes.toStdString());
        QElapsedTimer timer;
        timer.start();
        QString message;
        QCOMPARE(int(failureOf(path, &message)), int(ErrorKind::BadInput));
        QVERIFY2(message.contains(reason), qPrintable(message));
        QVERIFY2(message.contains(QString::fromStdString(path)), qPrintable(message));
        QVERIFY(timer.elapsed() < 5000);
    }

    void truncatedClipsAreRefused_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("mp4") << "whole.mp4";
        QTest::newRow("gif") << "whole.gif";
        QTest::newRow("webp") << "whole.webp";
    }

    void truncatedClipsAreRefused()
    {
        QFETCH(QString, name);
        const std::string path = scratch(name);
        {
            auto sink = openFrameSink(path, {64, 48}, 10.0);
            for (const cv::Mat& frame : testsupport::panFrames(8, {64, 48}, 2))
                sink->write(frame);
            sink->finish();
        }
        std::ifstream in(path, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const std::string cut = scratch("cut-" + name);
        writeBytes(cut, bytes.substr(0, bytes.size() / 2));
        QString message;
        QCOMPARE(int(failureOf(cut, &message)), int(ErrorKind::BadInput));
        QVERIFY2(message.contains(QString::fromStdString(cut)), qPrintable(message));
    }

    void recodingResizesResamplesAndLoops()
    {
        const std::string frames = scratch("recode-frames");
        testsupport::savePanFolder(testsupport::panFrames(6, {64, 48}, 4), frames);
        ClipRecodeOptions options;
        options.longSide = 32;
        options.fps = 5;
        options.sourceFps = 10;
        options.loop = false;
        const std::string once = scratch("once.gif");
        const ClipRecodeResult result = recodeClip(frames, once, options);
        QCOMPARE(result.frames, 3); // 10 frames a second down to 5
        QCOMPARE(result.width, 32);
        QCOMPARE(result.height, 24);
        auto reopened = openFrameSource(once);
        QCOMPARE(reopened->info().width, 32);
        QCOMPARE(reopened->info().fps, 5.0);
        cv::Mat frame;
        int count = 0;
        while (reopened->next(frame))
            ++count;
        QCOMPARE(count, 3);
        const auto bytes = [](const std::string& path) {
            QFile file(QString::fromStdString(path));
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        };
        QVERIFY(!bytes(once).contains("NETSCAPE2.0")); // plays once
        options.loop = true;
        const std::string looping = scratch("looping.gif");
        const mode_t umask = ::umask(022);
        recodeClip(frames, looping, options);
        ::umask(umask);
        QVERIFY(bytes(looping).contains("NETSCAPE2.0"));
        // Readable by whoever may read the pictures made beside it (giflib makes its file 0600).
        QVERIFY(QFileInfo(QString::fromStdString(looping)).permissions() & QFileDevice::ReadOther);
        options.longSide = 8;
        QVERIFY_THROWS_EXCEPTION(Error, recodeClip(frames, scratch("tiny.gif"), options));
        QVERIFY(!QFileInfo::exists(QString::fromStdString(scratch("tiny.gif"))));
    }

    void folderWithoutFramesIsRefused()
    {
        const QString folder = testsupport::scratchDir() + "/no-frames";
        QDir().mkpath(folder);
        QString message;
        QCOMPARE(int(failureOf(folder.toStdString(), &message)), int(ErrorKind::BadInput));
        QVERIFY2(message.contains("no numbered frames"), qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestMotion)
#include "tst_motion.moc"
