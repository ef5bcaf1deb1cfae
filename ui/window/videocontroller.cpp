// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/videocontroller.h"

#include "background/clippaintrunner.h"
#include "background/clipreader.h"
#include "session/studiosession.h"
#include "support/errortext.h"
#include "support/lastfolder.h"
#include "support/progresstext.h"
#include "widgets/clipexportdialog.h"
#include "widgets/clipstrip.h"
#include "window/picturecontroller.h"

#include "brushwork/cliprecode.h"
#include "brushwork/framesource.h"
#include "brushwork/tasks/taskrunner.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace brushwork::studio {
namespace {

/// A clip that names no frame rate plays at paintClip's.
constexpr double kDefaultFps = 25.0;

QString clipExtensions()
{
    QStringList patterns = {"*.gif", "*.GIF"};
    for (const std::string& extension : brushwork::clipVideoExtensions())
        patterns << "*" + QString::fromStdString(extension) << "*" + QString::fromStdString(extension).toUpper();
    return patterns.join(' ');
}

} // namespace

VideoController::VideoController(StudioSession& session, PictureController& pictures, QWidget* window)
    : QObject(window)
    , mSession(session)
    , mWindow(window)
    , mReader(new ClipReader(this))
    , mRunner(new ClipPaintRunner(this))
    , mStrip(new ClipStrip(session, window)) // until the window puts it under the preview
{
    setObjectName("video");
    pictures.openClipsWith([this](const QString& path) { return open(path); }, clipExtensions());
    connect(mReader, &ClipReader::opened, this,
            [this](const QString& path, int declared, double fps, const cv::Mat& first) {
                mSession.setClip({path, declared, fps}, first);
                Q_EMIT status(tr("Opened %1: the preview paints the frame shown; Paint the Video paints them all.")
                                  .arg(QFileInfo(path).fileName()));
            });
    connect(mReader, &ClipReader::thumbnail, mStrip, &ClipStrip::setThumbnail);
    connect(mReader, &ClipReader::scanned, &mSession, &StudioSession::setClipFrameCount);
    connect(mReader, &ClipReader::frameRead, this, [this](int index, const cv::Mat& frame) {
        if (!mRunner->isRunning()) // the painting goes on with the frames it started with
            mSession.setClipFrame(index, frame);
    });
    connect(mReader, &ClipReader::failed, this, &VideoController::notice);
    connect(mStrip, &ClipStrip::scrubbed, this, &VideoController::showFrame);
    connect(mStrip, &ClipStrip::paintRequested, this, &VideoController::paintVideo);
    connect(mStrip, &ClipStrip::pauseRequested, this, &VideoController::togglePause);
    connect(mStrip, &ClipStrip::cancelRequested, this, &VideoController::cancel);
    connect(mRunner, &ClipPaintRunner::progressed, this, &VideoController::onProgress);
    connect(mRunner, &ClipPaintRunner::noticed, this, &VideoController::status);
    connect(mRunner, &ClipPaintRunner::finished, this, &VideoController::onPainted);
    connect(mRunner, &ClipPaintRunner::failed, this, [this](const QString& message) {
        mStrip->showPainting(false, false);
        Q_EMIT notice(message);
        Q_EMIT painted(true);
    });
}

VideoController::~VideoController() = default;

QWidget* VideoController::strip() const
{
    return mStrip;
}

QWidget* VideoController::withStrip(QWidget* preview) const
{
    auto* both = new QWidget;
    auto* layout = new QVBoxLayout(both);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(preview, 1);
    layout->addWidget(mStrip);
    return both;
}

bool VideoController::isClip(const std::string& path)
{
    return brushwork::isClipPath(path);
}

bool VideoController::open(const QString& path)
{
    if (!isClip(path.toStdString()))
        return false;
    if (mRunner->isRunning()) {
        Q_EMIT notice(tr("A video is being painted: cancel it before opening %1.").arg(QFileInfo(path).fileName()));
        return true;
    }
    Q_EMIT status(tr("Opening %1…").arg(QFileInfo(path).fileName()));
    mReader->open(path);
    return true;
}

VideoController::Frame VideoController::readFrame(const QString& path, int index)
{
    brushwork::ClipFrame read = brushwork::readClipFrame(path.toStdString(), index + 1);
    return {{path, read.info.frameCount, read.info.fps}, index, std::move(read.image)};
}

void VideoController::reopen(const Frame& frame)
{
    mSession.setClip(frame.clip, frame.image, frame.index);
    // A finished painting is kept in the cache until painted again: it is
    // what the strip shows and Export writes, as when it was painted.
    const QString painted = paintedFolder();
    const bool paintedAll = QFileInfo(painted).isDir();
    mReader->follow(frame.clip.path, paintedAll ? painted : frame.clip.path);
    if (paintedAll) {
        mSession.setPaintedClip(painted);
        mStrip->showProgress(1, 1, tr("All frames painted"));
    }
}

void VideoController::showFrame(int index)
{
    if (mSession.hasClip() && index >= 0)
        mReader->readFrame(index);
}

QString VideoController::paintedFolder() const
{
    // One folder per clip, the same every time: painting it again after a
    // cancel or a crash goes on from the frames kept there.
    const QByteArray key = QCryptographicHash::hash(QFileInfo(mSession.clip().path).absoluteFilePath().toUtf8(),
                                                    QCryptographicHash::Sha256).toHex().left(12);
    const QString base = QFileInfo(mSession.clip().path).completeBaseName() + "-" + QString::fromLatin1(key);
    return QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).filePath("clips/" + base + "-painted");
}

void VideoController::paintVideo()
{
    if (!mSession.hasClip() || mSession.paintings().empty() || mRunner->isRunning())
        return;
    ClipPaintRequest request;
    request.clip = mSession.clip().path;
    for (const StudioSession::Painting& painting : mSession.paintings())
        request.paintings << painting.path;
    request.folder = paintedFolder();
    brushwork::ClipOptions& options = request.options;
    try {
        options.params = mSession.params();
    } catch (const brushwork::Error& error) {
        Q_EMIT notice(errortext::describe(error));
        return;
    }
    options.method = mStrip->optimize() ? brushwork::ClipMethod::Optimize : brushwork::ClipMethod::Instant;
    options.size = options.params.size;
    options.styleWeights = mSession.shares();
    options.colours = options.params.colour;
    options.strength = mSession.instant() ? mSession.instant()->strength : 1.0f;
    options.engine.weightsPath = StudioSession::weightsPath().toStdString();
    options.sound = false; // the frames are kept in a folder; Export carries the sound
    if (options.method == brushwork::ClipMethod::Optimize && options.engine.weightsPath.empty()) {
        Q_EMIT notice(tr("Full painting needs the feature network: download VGG19 (File menu) or paint quickly."));
        return;
    }
    QDir().mkpath(QFileInfo(request.folder).absolutePath());
    mSession.setPaintedClip({});
    mRunner->paint(request);
    mStrip->showPainting(true, false);
    mStrip->showProgress(0, mSession.clip().frameCount, tr("Starting…"));
    Q_EMIT status(tr("Painting the video in the background…"));
}

void VideoController::togglePause()
{
    if (!mRunner->isRunning())
        return;
    const bool paused = !mRunner->isPaused();
    mRunner->setPaused(paused);
    mStrip->showPainting(true, paused);
    Q_EMIT status(paused ? tr("The video is paused; Resume goes on.") : tr("Painting the video…"));
}

void VideoController::cancel()
{
    mRunner->cancel();
}

bool VideoController::painting() const
{
    return mRunner->isRunning();
}

void VideoController::onProgress(int done, int total, int resumed, double seconds)
{
    if (total <= 0) // a GIF declares no count; the strip has read them all by now
        total = mSession.clip().frameCount;
    const int paintedNow = done - resumed;
    QString text = total > 0 ? tr("Frame %1 of %2").arg(done).arg(total) : tr("Frame %1").arg(done);
    if (total > done && paintedNow > 0)
        text += tr(" · about %1 left").arg(progresstext::duration(seconds / paintedNow * (total - done)));
    mStrip->showProgress(done, total, text);
    Q_EMIT status(tr("Painting the video: %1").arg(text));
}

void VideoController::onPainted(const QString& folder, bool cancelled, int frames)
{
    mStrip->showPainting(false, false);
    if (!mSession.hasClip() || folder != paintedFolder()) { // another photo or clip came in meanwhile
        Q_EMIT painted(cancelled);
        return;
    }
    if (cancelled) {
        mStrip->showProgress(frames, mSession.clip().frameCount, tr("Stopped after frame %1").arg(frames));
        Q_EMIT status(tr("Stopped after frame %1; Paint the Video goes on from there.").arg(frames));
    } else {
        mStrip->showProgress(frames, frames, tr("All %1 frames painted").arg(frames));
        mSession.setPaintedClip(folder);
        mReader->readThumbnails(folder); // the strip shows the painted frames
        Q_EMIT status(tr("Painted all %1 frames. Export writes the video.").arg(frames));
    }
    Q_EMIT painted(cancelled);
}

bool VideoController::exportDialog()
{
    if (!mSession.hasClip())
        return false;
    if (mSession.paintedClip().isEmpty()) {
        Q_EMIT notice(tr("Paint the Video first (under the frames): Export writes the painted clip."));
        return true;
    }
    const double fps = mSession.clip().fps > 0 ? mSession.clip().fps : kDefaultFps;
    ClipExportDialog dialog(mSession.settings().size, fps, mWindow);
    if (dialog.exec() != QDialog::Accepted)
        return true;
    const QString suggested = QDir(lastfolder::forSaving())
                                  .filePath(QFileInfo(mSession.clip().path).completeBaseName() + "-painted" +
                                            dialog.extension());
    const QString path = QFileDialog::getSaveFileName(mWindow, tr("Export the Video"), suggested,
                                                      tr("Clips (*%1)").arg(dialog.extension()));
    if (!path.isEmpty())
        exportTo(path, dialog.longSide(), dialog.fps(), dialog.loop());
    return true;
}

void VideoController::exportTo(const QString& path, int longSide, double fps, bool loop)
{
    if (mSession.paintedClip().isEmpty())
        return;
    brushwork::ClipRecodeOptions options;
    options.longSide = longSide;
    options.fps = fps;
    options.sourceFps = mSession.clip().fps > 0 ? mSession.clip().fps : kDefaultFps;
    options.loop = loop;
    options.soundFrom = mSession.clip().path.toStdString();
    Q_EMIT status(tr("Exporting %1…").arg(QFileInfo(path).fileName()));
    TaskRunner::runOnce(
        this,
        [frames = mSession.paintedClip().toStdString(), out = path.toStdString(), options] {
            return brushwork::recodeClip(frames, out, options);
        },
        [this, path](const TaskResult<brushwork::ClipRecodeResult>& result) {
            if (result.ok()) {
                const brushwork::ClipRecodeResult& clip = result.value;
                Q_EMIT status(tr("Exported %1 (%2 frames, %3 × %4 px, %5 frames a second, %6).")
                                  .arg(QFileInfo(path).fileName())
                                  .arg(clip.frames)
                                  .arg(clip.width)
                                  .arg(clip.height)
                                  .arg(clip.fps, 0, 'g', 4)
                                  .arg(QString::fromStdString(clip.codec)));
                lastfolder::rememberFolderOf(path);
                if (!clip.sound.notice.empty())
                    Q_EMIT notice(QString::fromStdString(clip.sound.notice));
            } else {
                Q_EMIT notice(errortext::describe(result.error));
            }
            Q_EMIT exported(result.ok());
        });
}

} // namespace brushwork::studio
