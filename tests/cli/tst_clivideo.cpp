// SPDX-License-Identifier: GPL-3.0-or-later
// `brushwork-cli video` as scripts use it (issue 25): frame count and rate
// kept or changed as asked, a clip whose sound runs on past its frames, a
// killed run that goes on from the next frame, hostile clips refused with
// exit 3 leaving nothing at OUT, and render of a project saved with a clip
// open.
#include "clirunner.h"
#include "panclip.h"
#include "soundclip.h"
#include "testsupport.h"

#include "brushwork/framesink.h"
#include "brushwork/framesource.h"
#include "brushwork/image.h"
#include "brushwork/project.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTest>

#include <fstream>

namespace {

QString scratch(const QString& name)
{
    return testsupport::scratchDir() + "/" + name;
}

struct Opened {
    int frames = 0;
    double fps = 0;
    cv::Size size;
};

Opened reopen(const QString& path)
{
    auto source = brushwork::openFrameSource(path.toStdString());
    Opened opened{0, source->info().fps, {source->info().width, source->info().height}};
    for (cv::Mat frame; source->next(frame);)
        ++opened.frames;
    return opened;
}

/// Nothing at `out` and no folder of kept frames beside it.
bool nothingAt(const QString& out)
{
    return !QFileInfo::exists(out) && !QFileInfo::exists(out + ".frames");
}

} // namespace

class TestCliVideo : public QObject {
    Q_OBJECT

private:
    QString mClip;     ///< a 6-frame WebP at 10 frames a second
    QString mPainting;

    testsupport::CliOutcome video(const QString& out, const QStringList& extra = {}, const QString& in = {})
    {
        return testsupport::runCli(QStringList{"video", in.isEmpty() ? mClip : in, mPainting, "-o", out, "--size",
                                               "64", "--threads", "1"} +
                                   extra);
    }

private Q_SLOTS:
    void initTestCase()
    {
        mClip = scratch("pan.webp");
        auto sink = brushwork::openFrameSink(mClip.toStdString(), {80, 60}, 10.0);
        for (const cv::Mat& frame : testsupport::panFrames(6, {80, 60}, 2))
            sink->write(frame);
        sink->finish();
        mPainting = scratch("painting.png");
        brushwork::saveImage(mPainting.toStdString(), testsupport::makeStyleImage(64, 64));
    }

    void frameCountAndRateAreKept_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("mp4") << "kept.mp4";
        QTest::newRow("webm") << "kept.webm";
        QTest::newRow("gif") << "kept.gif";
        QTest::newRow("webp") << "kept.webp";
        QTest::newRow("folder") << "kept-frames";
    }

    void frameCountAndRateAreKept()
    {
        QFETCH(QString, name);
        const testsupport::CliOutcome run = video(scratch(name));
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const Opened opened = reopen(scratch(name));
        QCOMPARE(opened.frames, 6);
        QCOMPARE(opened.size, cv::Size(64, 48));
        if (!name.endsWith("frames"))
            QVERIFY2(std::abs(opened.fps - 10.0) < 0.01, qPrintable(QString::number(opened.fps)));
        QVERIFY(!QFileInfo::exists(scratch(name) + ".frames"));
    }

    void framesAndRateAsAsked()
    {
        const testsupport::CliOutcome some = video(scratch("some.gif"), {"--frames", "2-4"});
        QVERIFY2(some.exitCode == 0, qPrintable(some.err));
        QCOMPARE(reopen(scratch("some.gif")).frames, 3);
        const testsupport::CliOutcome slower = video(scratch("slower.webp"), {"--fps", "5"});
        QVERIFY2(slower.exitCode == 0, qPrintable(slower.err));
        const Opened opened = reopen(scratch("slower.webp"));
        QCOMPARE(opened.frames, 3);
        QVERIFY(std::abs(opened.fps - 5.0) < 0.01);
    }

    void soundRunningOnIsPaintedWithIt_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("mkv") << "long-sound.mkv";
        QTest::newRow("webm") << "long-sound.webm";
    }

    void soundRunningOnIsPaintedWithIt()
    {
        // A screen recording's sound runs on past its last frame: the clip is
        // whole, every frame is painted and the sound they span is kept.
        QFETCH(QString, name);
        const QString in = scratch(name);
        testsupport::writeClipWithSound(in.toStdString(), testsupport::panFrames(6, {80, 60}, 2), 10, 0.9);
        const QString out = scratch("painted-" + name);
        const testsupport::CliOutcome run = video(out, {}, in);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(reopen(out).frames, 6);
        const testsupport::SoundTrack sound = testsupport::readSoundTrack(out.toStdString());
        QVERIFY2(sound.present, qPrintable(run.err));
        QVERIFY2(std::abs(sound.seconds - 0.6) < 0.1, qPrintable(QString::number(sound.seconds)));
    }

    void killedRunGoesOnFromTheNextFrame()
    {
        const QString out = scratch("killed.mp4");
        QProcess cli;
        cli.setReadChannel(QProcess::StandardError);
        cli.start(BRUSHWORK_CLI_PATH, {"video", mClip, mPainting, "-o", out, "--size", "64", "--threads", "1"});
        QByteArray seen;
        while (!seen.contains("Frame 2 ") && cli.state() != QProcess::NotRunning) {
            cli.waitForReadyRead(30000);
            seen += cli.readAllStandardError();
        }
        cli.kill();
        cli.waitForFinished();
        QVERIFY2(seen.contains("Frame 2 "), seen.constData());
        QVERIFY(!QFileInfo::exists(out));
        const int kept = QDir(out + ".frames").entryList({"frame_*.png"}).size();
        QVERIFY(kept >= 2 && kept < 6);
        const testsupport::CliOutcome again = video(out);
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        // Only the missing frames are painted.
        QVERIFY2(!again.err.contains(QString("Frame %1 ").arg(kept)), qPrintable(again.err));
        QVERIFY2(again.err.contains(QString("Frame %1 ").arg(kept + 1)), qPrintable(again.err));
        QVERIFY2(again.err.contains(QString("painted %1 ").arg(6 - kept)), qPrintable(again.err));
        QCOMPARE(reopen(out).frames, 6);
    }

    void aClipIsPaintedWithOpenMpWaitingPassively()
    {
        // Unset, the command starts itself again with the passive policy
        // (libgomp reads it only when it loads); the process keeps its id.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove("OMP_WAIT_POLICY");
        QProcess cli;
        cli.setProcessEnvironment(env);
        cli.setReadChannel(QProcess::StandardError);
        cli.start(BRUSHWORK_CLI_PATH, {"video", mClip, mPainting, "-o", scratch("passive.webp"), "--size", "64",
                                       "--threads", "1"});
        QByteArray seen;
        while (!seen.contains("Frame 1 ") && cli.state() != QProcess::NotRunning) {
            cli.waitForReadyRead(30000);
            seen += cli.readAllStandardError();
        }
        QFile environ(QString("/proc/%1/environ").arg(cli.processId()));
        const bool read = environ.open(QIODevice::ReadOnly);
        const QList<QByteArray> variables = environ.readAll().split('\0');
        QVERIFY2(cli.waitForFinished(120000) && cli.exitCode() == 0, (seen + cli.readAllStandardError()).constData());
        QVERIFY2(read && seen.contains("Frame 1 "), seen.constData());
        QVERIFY(variables.contains("OMP_WAIT_POLICY=PASSIVE"));
    }

    void hostileClipsExit3_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("reason");
        QByteArray garbage(2048, '\0');
        for (int i = 0; i < garbage.size(); ++i)
            garbage[i] = char((i * 131) % 256);
        QTest::newRow("garbage") << "garbage.mp4" << garbage << "not a video";
        QByteArray bomb("GIF89a\xff\xff\xff\xff\x00\x00\x00", 13);
        QTest::newRow("gif bomb") << "bomb.gif" << bomb << "megapixels";
        QTest::newRow("no frames") << "none.gif" << QByteArray("GIF89a\x02\x00\x02\x00\x00\x00\x00\x3b", 14)
                                   << "no frame";
    }

    void hostileClipsExit3()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, reason);
        const QString in = scratch(name);
        std::ofstream(in.toStdString(), std::ios::binary) << bytes.toStdString();
        const QString out = scratch("hostile-" + name + ".mp4");
        const testsupport::CliOutcome run = video(out, {}, in);
        QCOMPARE(run.exitCode, 3);
        QVERIFY2(run.err.contains(reason) && run.err.contains(in), qPrintable(run.err));
        QVERIFY(nothingAt(out));
    }

    void framesPastTheEndExit3()
    {
        const QString out = scratch("past.gif");
        const testsupport::CliOutcome run = video(out, {"--frames", "9-12"});
        QCOMPARE(run.exitCode, 3);
        QVERIFY2(run.err.contains("no frame from 9"), qPrintable(run.err));
        QVERIFY(nothingAt(out));
    }

    /// A project saved in the studio with a clip open: render paints the
    /// frame it showed (with no iterations, that frame as it is).
    void renderOfAClipProjectPaintsItsFrame()
    {
        const std::vector<cv::Mat> frames = testsupport::panFrames(6, {80, 60}, 8);
        const QString clip = scratch("project-pan.gif");
        auto sink = brushwork::openFrameSink(clip.toStdString(), {80, 60}, 10.0);
        for (const cv::Mat& frame : frames)
            sink->write(frame);
        sink->finish();
        brushwork::Project project;
        project.content = {"project-pan.gif", "project-pan", {}};
        project.contentFrame = 5;
        project.styles = {{"painting.png", "painting", {}}};
        project.params.size = 80;
        const QString file = scratch("clip.brushwork");
        brushwork::saveProject(file.toStdString(), project);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("BRUSHWORK_MODEL_DIR", scratch("no-models"));
        const QString out = scratch("frame5.png");
        const testsupport::CliOutcome run =
            testsupport::runCli({"render", "--project", file, "-o", out, "--iterations", "0"}, env);
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.contains("frame 5 of") && run.err.contains("brushwork-cli video"), qPrintable(run.err));
        const cv::Mat painted = brushwork::loadImage(out.toStdString());
        QCOMPARE(painted.size(), frames[4].size());
        QVERIFY(testsupport::meanAbsDifference(painted, frames[4]) < 0.03);
        QVERIFY(testsupport::meanAbsDifference(painted, frames[0]) > 0.03);

        // Without the clip: exit 3, naming it.
        QVERIFY(QFile::remove(clip));
        const testsupport::CliOutcome missing =
            testsupport::runCli({"render", "--project", file, "-o", out, "--overwrite"}, env);
        QCOMPARE(missing.exitCode, 3);
        QVERIFY2(missing.err.contains("project-pan.gif"), qPrintable(missing.err));
    }
};

QTEST_GUILESS_MAIN(TestCliVideo)
#include "tst_clivideo.moc"
